package dev.ttrpc.spring.observation;

import dev.ttrpc.client.ConnectivityState;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.spring.client.ShimClientRegistry;
import dev.ttrpc.spring.client.ShimEndpoint;
import dev.ttrpc.spring.client.ShimRegistryListener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Binds, per shim of a {@link ShimClientRegistry}: {@code ttrpc.client.calls.in.flight{shim}},
 * {@code ttrpc.client.calls.oldest{shim}} (seconds the oldest unary call has waited for its answer, 0 when none
 * waits; read at the scrape, so it costs calls nothing), {@code ttrpc.client.connections{shim,state}} (1 for the
 * client's current state, 0 for the others) and the function counter {@code ttrpc.client.reconnects{shim}}. Shims
 * added later get their meters; removed shims lose them.
 */
public class ShimClientMetrics implements MeterBinder, ShimRegistryListener {
  private final ShimClientRegistry shims;
  private final List<MeterRegistry> registries = new ArrayList<>();
  private final Map<String, List<Meter>> meters = new HashMap<>();
  private boolean listening;

  public ShimClientMetrics(ShimClientRegistry shims) {
    this.shims = shims;
  }

  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    registries.add(registry);
    if (!listening) {
      shims.addListener(this);
      listening = true;
    }
    shims.names().forEach(name -> bind(registry, name));
  }

  @Override
  public synchronized void shimAdded(String name, ShimEndpoint endpoint) {
    registries.forEach(registry -> bind(registry, name));
  }

  @Override
  public synchronized void shimRemoved(String name) {
    List<Meter> removed = meters.remove(name);
    if (removed != null) {
      removed.forEach(meter -> registries.forEach(registry -> registry.remove(meter)));
    }
  }

  private void bind(MeterRegistry registry, String name) {
    List<Meter> bound = meters.computeIfAbsent(name, n -> new ArrayList<>());
    bound.add(Gauge.builder("ttrpc.client.calls.in.flight", this, value(name, TtrpcClient::callsInFlight))
        .description("Calls to the shim waiting for their answer").tag("shim", name).strongReference(true)
        .register(registry));
    bound.add(Gauge.builder("ttrpc.client.calls.oldest", this,
            value(name, client -> client.oldestUnaryCallAge().toNanos() / 1e9))
        .description("How long the oldest unary call to the shim has waited for its answer").baseUnit("seconds")
        .tag("shim", name).strongReference(true).register(registry));
    for (ConnectivityState state : ConnectivityState.values()) {
      bound.add(Gauge.builder("ttrpc.client.connections", this,
              value(name, client -> client.state() == state ? 1 : 0))
          .description("Connection to the shim: 1 for its current state, 0 for the others")
          .tags("shim", name, "state", state.name()).strongReference(true).register(registry));
    }
    bound.add(FunctionCounter.builder("ttrpc.client.reconnects", this, value(name, TtrpcClient::reconnects))
        .description("Re-dials of the shim after its connection was lost").tag("shim", name).register(registry));
  }

  private ToDoubleFunction<ShimClientMetrics> value(String name, ToDoubleFunction<TtrpcClient> read) {
    return metrics -> {
      if (!shims.names().contains(name)) {
        return Double.NaN;
      }
      try {
        return read.applyAsDouble(shims.client(name));
      } catch (RuntimeException e) {
        return Double.NaN;
      }
    };
  }
}
