package dev.ttrpc.realshim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import dev.ttrpc.Code;
import dev.ttrpc.Metadata;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.MethodType;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.shim.CgroupMetrics;
import dev.ttrpc.shim.ContainerdAny;
import dev.ttrpc.shim.ProcessSpec;
import dev.ttrpc.shim.ShimMetadata;
import dev.ttrpc.shim.Topics;
import dev.ttrpc.shim.events.Envelope;
import dev.ttrpc.shim.events.EventsClient;
import dev.ttrpc.shim.events.ForwardRequest;
import dev.ttrpc.shim.events.TaskOOM;
import dev.ttrpc.shim.task.v2.ConnectRequest;
import dev.ttrpc.shim.task.v2.ConnectResponse;
import dev.ttrpc.shim.task.v2.DeleteRequest;
import dev.ttrpc.shim.task.v2.DeleteResponse;
import dev.ttrpc.shim.task.v2.ExecProcessRequest;
import dev.ttrpc.shim.task.v2.KillRequest;
import dev.ttrpc.shim.task.v2.PidsRequest;
import dev.ttrpc.shim.task.v2.StartRequest;
import dev.ttrpc.shim.task.v2.StateRequest;
import dev.ttrpc.shim.task.v2.StateResponse;
import dev.ttrpc.shim.task.v2.StatsRequest;
import dev.ttrpc.shim.task.v2.TaskClient;
import dev.ttrpc.shim.task.v2.WaitRequest;
import dev.ttrpc.shim.types.task.ProcessInfo;
import dev.ttrpc.shim.types.task.Status;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The generated Task (v2) and Events clients against the real containerd-shim-runc-v2 of a busybox container in a
 * private containerd 1.6. Needs root and Debian's {@value ContainerdPeer#APT_PACKAGES}; fails (does not skip)
 * without them.
 */
@Tag("real-peer")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RuncShimRequiresRootAndContainerdTest {

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

  private static ContainerdPeer peer;
  private static TtrpcClient shimConnection;
  private static TaskClient task;
  private static String namespace;
  private static String containerId;
  private static int taskPid;

  @BeforeAll
  static void startContainerd() throws Exception {
    peer = ContainerdPeer.start();
    namespace = peer.get("NAMESPACE");
    containerId = peer.get("CONTAINER_ID");
    taskPid = Integer.parseInt(peer.get("TASK_PID"));
    shimConnection = connect(peer.get("SHIM_SOCKET"));
    task = TaskClient.of(shimConnection);
  }

  @AfterAll
  static void stopContainerd() {
    try {
      if (shimConnection != null) {
        shimConnection.close();
      }
    } finally {
      if (peer != null) {
        peer.close();
      }
    }
  }

  private static TtrpcClient connect(String socket) {
    return TtrpcClient.builder("unix://" + socket)
        .defaultMetadata(Metadata.of(ShimMetadata.NAMESPACE_KEY, namespace))
        .defaultTimeout(CALL_TIMEOUT)
        .connect();
  }

  // ---- the running container

  @Test
  void connectReportsShimAndTaskPids() {
    ConnectResponse r = task.connect(ConnectRequest.newBuilder().setId(containerId).build());

    assertThat(r.getShimPid()).isPositive();
    assertThat(r.getTaskPid()).isPositive().isEqualTo(taskPid);
    assertThat(r.getShimPid()).isNotEqualTo(r.getTaskPid());
  }

  @Test
  void stateOfTheContainerIsRunning() {
    StateResponse r = task.state(StateRequest.newBuilder().setId(containerId).build());

    assertThat(r.getId()).isEqualTo(containerId);
    assertThat(r.getStatus()).isEqualTo(Status.RUNNING);
    assertThat(r.getPid()).isEqualTo(taskPid);
    assertThat(r.getBundle()).isEqualTo(peer.get("BUNDLE"));
  }

  @Test
  void pidsContainTheInitProcess() {
    List<ProcessInfo> processes = task.pids(PidsRequest.newBuilder().setId(containerId).build()).getProcessesList();

    assertThat(processes).extracting(ProcessInfo::getPid).contains(taskPid);
  }

  @Test
  void statsDecodeAsTheHostsCgroupMetrics() throws Exception {
    var stats = task.stats(StatsRequest.newBuilder().setId(containerId).build()).getStats();
    Message metrics = CgroupMetrics.unpack(stats);

    if (Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"))) {
      assertThat(CgroupMetrics.isV2(stats)).as("type URL %s on a cgroup v2 host", stats.getTypeUrl()).isTrue();
      var v2 = (dev.ttrpc.shim.cgroups.v2.Metrics) metrics;
      assertThat(v2.getMemory().getUsage()).isPositive();
      assertThat(v2.getPids().getCurrent()).isPositive();
    } else {
      assertThat(CgroupMetrics.isV1(stats)).as("type URL %s on a cgroup v1 host", stats.getTypeUrl()).isTrue();
      var v1 = (dev.ttrpc.shim.cgroups.v1.Metrics) metrics;
      assertThat(v1.getMemory().getUsage().getUsage()).isPositive();
      assertThat(v1.getPids().getCurrent()).isPositive();
    }
  }

  // ---- exec

  @Test
  void execEchoWritesItsOutputAndExitsZero() throws Exception {
    String execId = "echo-" + shortId();
    Path stdout = peer.dir().resolve("io").resolve(execId + ".out");
    Path stderr = peer.dir().resolve("io").resolve(execId + ".err");

    task.exec(execRequest(execId, stdout, stderr, "sh", "-c", "echo hello-from-exec"));
    int pid = task.start(StartRequest.newBuilder().setId(containerId).setExecId(execId).build()).getPid();
    assertThat(pid).isPositive();

    int exitStatus = task.wait(WaitRequest.newBuilder().setId(containerId).setExecId(execId).build())
        .getExitStatus();
    assertThat(exitStatus).isZero();
    // the shim copies the process output into the file asynchronously
    await().atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(stdout).content().isEqualTo("hello-from-exec\n"));
    // (the 1.6 shim creates only the stdout file up front; stderr shows up only if something is written)
    assertThat(Files.exists(stderr) ? Files.readString(stderr) : "").isEmpty();

    DeleteResponse deleted = task.delete(DeleteRequest.newBuilder().setId(containerId).setExecId(execId).build());
    assertThat(deleted.getPid()).isEqualTo(pid);
    assertThat(deleted.getExitStatus()).isZero();
    assertThatThrownBy(() -> task.state(StateRequest.newBuilder().setId(containerId).setExecId(execId).build()))
        .isInstanceOfSatisfying(TtrpcException.class, e -> assertThat(e.code()).isEqualTo(Code.NOT_FOUND));
  }

  @Test
  void killedExecExitsWith137() throws Exception {
    String execId = "sleep-" + shortId();
    Path stdout = peer.dir().resolve("io").resolve(execId + ".out");
    Path stderr = peer.dir().resolve("io").resolve(execId + ".err");

    task.exec(execRequest(execId, stdout, stderr, "sleep", "600"));
    int pid = task.start(StartRequest.newBuilder().setId(containerId).setExecId(execId).build()).getPid();
    assertThat(pid).isPositive();
    assertThat(task.pids(PidsRequest.newBuilder().setId(containerId).build()).getProcessesList())
        .extracting(ProcessInfo::getPid).contains(taskPid, pid);

    task.kill(KillRequest.newBuilder().setId(containerId).setExecId(execId).setSignal(9).build());
    int exitStatus = task.wait(WaitRequest.newBuilder().setId(containerId).setExecId(execId).build())
        .getExitStatus();
    assertThat(exitStatus).isEqualTo(137);

    DeleteResponse deleted = task.delete(DeleteRequest.newBuilder().setId(containerId).setExecId(execId).build());
    assertThat(deleted.getExitStatus()).isEqualTo(137);
    // the container itself is untouched
    assertThat(task.state(StateRequest.newBuilder().setId(containerId).build()).getStatus())
        .isEqualTo(Status.RUNNING);
  }

  private ExecProcessRequest execRequest(String execId, Path stdout, Path stderr, String... args) {
    // both stdout and stderr as file:// URIs: empty ones give a read-only /dev/null, stdout alone crashes the
    // 1.6 runc shim. The shim resolves them in its mount namespace, which shares /tmp with ours.
    return ExecProcessRequest.newBuilder()
        .setId(containerId)
        .setExecId(execId)
        .setStdout("file://" + stdout)
        .setStderr("file://" + stderr)
        .setSpec(ProcessSpec.builder().args(args).env("PATH=/bin:/sbin").cwd("/").build().toAny())
        .build();
  }

  // ---- errors

  @Test
  void stateOfAnUnknownContainerIsNotFound() {
    assertThatThrownBy(() -> task.state(StateRequest.newBuilder().setId("no-such-container").build()))
        .isInstanceOfSatisfying(TtrpcException.class, e -> {
          assertThat(e.code()).isEqualTo(Code.NOT_FOUND);
          assertThat(e.status().message()).isEqualTo("container not created: not found");
        });
  }

  @Test
  void unknownMethodIsUnimplemented() {
    MethodDescriptor<Empty, Empty> method = MethodDescriptor.of(
        "containerd.task.v2.Task", "NoSuchMethod", MethodType.UNARY, Empty.parser(), Empty.parser());

    assertThatThrownBy(() -> shimConnection.call(method, Empty.getDefaultInstance()))
        .isInstanceOfSatisfying(TtrpcException.class, e -> {
          assertThat(e.code()).isEqualTo(Code.UNIMPLEMENTED);
          assertThat(e.status().message()).contains("method NoSuchMethod");
        });
  }

  @Test
  void unknownServiceIsUnimplemented() {
    MethodDescriptor<Empty, Empty> method = MethodDescriptor.of(
        "no.such.Service", "State", MethodType.UNARY, Empty.parser(), Empty.parser());

    assertThatThrownBy(() -> shimConnection.call(method, Empty.getDefaultInstance()))
        .isInstanceOfSatisfying(TtrpcException.class, e -> {
          assertThat(e.code()).isEqualTo(Code.UNIMPLEMENTED);
          assertThat(e.status().message()).contains("service no.such.Service");
        });
  }

  // ---- events to containerd

  @Test
  void forwardedEventReachesContainerdSubscribers() throws Exception {
    String marker = "oom-" + shortId();
    List<String> lines = new CopyOnWriteArrayList<>();
    Process events = new ProcessBuilder("ctr", "--address", peer.get("GRPC_SOCKET"), "events")
        .redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
    Thread reader = new Thread(() -> readLines(events, lines), "ctr-events-reader");
    reader.setDaemon(true);
    reader.start();
    try (TtrpcClient containerd = connect(peer.get("TTRPC_SOCKET"))) {
      EventsClient client = EventsClient.of(containerd);
      TaskOOM oom = TaskOOM.newBuilder().setContainerId(marker).build();
      assertThat(Topics.of(oom)).contains("/tasks/oom");
      // ctr subscribes asynchronously: publish again until its subscription has seen one
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
        assertThat(events.isAlive()).as("ctr events is running; output so far: %s", lines).isTrue();
        Instant now = Instant.now();
        client.forward(ForwardRequest.newBuilder()
            .setEnvelope(Envelope.newBuilder()
                .setTimestamp(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                .setNamespace(namespace)
                .setTopic("/tasks/oom")
                .setEvent(ContainerdAny.pack(oom)))
            .build());
        assertThat(lines).anySatisfy(line -> assertThat(line).contains(namespace, "/tasks/oom", marker));
      });
    } finally {
      events.destroyForcibly();
      events.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static void readLines(Process process, List<String> sink) {
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      // bounded: ctr only runs for the duration of one test
      while ((line = r.readLine()) != null && sink.size() < 10_000) {
        sink.add(line);
      }
    } catch (IOException closed) {
      // the process was destroyed
    }
  }

  private static String shortId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
