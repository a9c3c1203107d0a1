package dev.ttrpc.spring.observation;

import dev.ttrpc.MethodDescriptor;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The default key values of each method an interceptor observes, by descriptor (generated code keeps one descriptor
 * per method). Bounded, so that code making a descriptor per call costs only the cache's misses, not memory.
 */
final class MethodKeyValuesCache {
  /** Far more methods than any shim API has; past it, key values are built per call. */
  static final int MAX_METHODS = 1024;

  private final ConcurrentHashMap<MethodDescriptor<?, ?>, StatusKeyValues> byMethod = new ConcurrentHashMap<>();
  private final Function<MethodDescriptor<?, ?>, StatusKeyValues> build;

  MethodKeyValuesCache(Function<MethodDescriptor<?, ?>, StatusKeyValues> build) {
    this.build = build;
  }

  StatusKeyValues forMethod(MethodDescriptor<?, ?> method) {
    StatusKeyValues keyValues = byMethod.get(method);
    if (keyValues == null) {
      keyValues = build.apply(method);
      if (byMethod.size() < MAX_METHODS) {
        byMethod.putIfAbsent(method, keyValues);
      }
    }
    return keyValues;
  }
}
