package dev.ttrpc.codegen.e2e;

import com.example.kv.v1.CallInfo;
import com.example.kv.v1.CloseIORequest;
import com.example.kv.v1.GetRequest;
import com.example.kv.v1.KeyValueService;
import com.example.kv.v1.ListRequest;
import com.example.kv.v1.PutManySummary;
import com.example.kv.v1.SyncEvent;
import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;
import dev.ttrpc.Code;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.server.ServerContext;
import dev.ttrpc.server.ServerStream;
import example.kv.v1.KvTypes.Entry;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The test's server: implements every method of the generated {@link KeyValueService} except {@code Compact}, which
 * keeps its generated default (UNIMPLEMENTED).
 */
final class InMemoryKeyValue implements KeyValueService {
  private final NavigableMap<String, Entry> entries = new ConcurrentSkipListMap<>();
  final List<CloseIORequest> closed = new CopyOnWriteArrayList<>();
  final List<Entry.Metadata> touched = new CopyOnWriteArrayList<>();

  @Override
  public Entry get(GetRequest request, ServerContext context) {
    Entry e = entries.get(request.getKey());
    if (e == null) {
      throw TtrpcException.of(Code.NOT_FOUND, "key " + request.getKey() + " not found");
    }
    return e;
  }

  @Override
  public Empty put(Entry request, ServerContext context) {
    store(request);
    return Empty.getDefaultInstance();
  }

  @Override
  public Entry list(ServerStream<ListRequest, Entry> stream) {
    String prefix = stream.receive().getPrefix();
    for (Map.Entry<String, Entry> e : entries.tailMap(prefix, true).entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        break;
      }
      stream.send(e.getValue());
    }
    return null;
  }

  @Override
  public PutManySummary putMany(ServerStream<Entry, PutManySummary> stream) {
    PutManySummary.Builder summary = PutManySummary.newBuilder();
    for (Entry e = stream.receive(); e != null; e = stream.receive()) {
      store(e);
      summary.setStored(summary.getStored() + 1).addKeys(e.getKey());
    }
    return summary.build();
  }

  @Override
  public SyncEvent sync(ServerStream<Entry, SyncEvent> stream) {
    for (Entry e = stream.receive(); e != null; e = stream.receive()) {
      Entry previous = entries.get(e.getKey());
      store(e);
      stream.send(SyncEvent.newBuilder().setKey(e.getKey()).setKind(e.getKind())
          .setPreviousVersion(previous == null ? 0 : previous.getVersion()).build());
    }
    return null;
  }

  @Override
  public Empty closeIO(CloseIORequest request, ServerContext context) {
    closed.add(request);
    return Empty.getDefaultInstance();
  }

  @Override
  public Timestamp touch(Entry.Metadata request, ServerContext context) {
    touched.add(request);
    return request.getModified();
  }

  @Override
  public CallInfo describe(Empty request, ServerContext context) {
    CallInfo.Builder info = CallInfo.newBuilder().setHasDeadline(context.hasDeadline());
    context.metadata().forEach((k, v) -> info.addMetadata(k + "=" + v));
    return info.build();
  }

  private void store(Entry e) {
    entries.merge(e.getKey(), e.hasVersion() ? e : e.toBuilder().setVersion(1).build(),
        (old, next) -> e.hasVersion() ? e : e.toBuilder().setVersion(old.getVersion() + 1).build());
  }
}
