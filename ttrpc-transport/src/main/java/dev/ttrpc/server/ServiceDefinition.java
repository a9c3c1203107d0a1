package dev.ttrpc.server;

import com.google.protobuf.MessageLite;
import dev.ttrpc.MethodDescriptor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A service as the server sees it: its full protobuf name and a handler per method. */
public final class ServiceDefinition {
  /** One method and its handler (exactly one of the two handlers is set). */
  public record Method<Q extends MessageLite, R extends MessageLite>(
      MethodDescriptor<Q, R> descriptor, UnaryHandler<Q, R> unary, StreamHandler<Q, R> stream) {}

  private final String name;
  private final Map<String, Method<?, ?>> methods;

  private ServiceDefinition(String name, Map<String, Method<?, ?>> methods) {
    this.name = name;
    this.methods = Map.copyOf(methods);
  }

  /** Starts a service named {@code name}, the full protobuf service name (e.g. {@code containerd.task.v2.Task}). */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  public String name() {
    return name;
  }

  /** The method with this bare name, or null. */
  public Method<?, ?> method(String method) {
    return methods.get(method);
  }

  public Map<String, Method<?, ?>> methods() {
    return methods;
  }

  /** Collects a service's methods. */
  public static final class Builder {
    private final String name;
    private final Map<String, Method<?, ?>> methods = new LinkedHashMap<>();

    private Builder(String name) {
      if (name == null || name.isEmpty()) {
        throw new IllegalArgumentException("service name must not be empty");
      }
      this.name = name;
    }

    /** Adds a unary method. */
    public <Q extends MessageLite, R extends MessageLite> Builder unary(
        MethodDescriptor<Q, R> method, UnaryHandler<Q, R> handler) {
      if (!method.type().isUnary()) {
        throw new IllegalArgumentException(method + " is not unary; register it with stream()");
      }
      return add(new Method<>(method, Objects.requireNonNull(handler, "handler"), null));
    }

    /** Adds a client-, server- or bidirectional-streaming method. */
    public <Q extends MessageLite, R extends MessageLite> Builder stream(
        MethodDescriptor<Q, R> method, StreamHandler<Q, R> handler) {
      if (method.type().isUnary()) {
        throw new IllegalArgumentException(method + " is unary; register it with unary()");
      }
      return add(new Method<>(method, null, Objects.requireNonNull(handler, "handler")));
    }

    private Builder add(Method<?, ?> method) {
      MethodDescriptor<?, ?> d = method.descriptor();
      if (!d.service().equals(name)) {
        throw new IllegalArgumentException(d + " belongs to service " + d.service() + ", not " + name);
      }
      if (methods.putIfAbsent(d.method(), method) != null) {
        throw new IllegalArgumentException("method " + d.method() + " registered twice on " + name);
      }
      return this;
    }

    public ServiceDefinition build() {
      return new ServiceDefinition(name, methods);
    }
  }
}
