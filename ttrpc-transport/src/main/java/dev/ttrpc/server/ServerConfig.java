package dev.ttrpc.server;

import dev.ttrpc.MetadataLimits;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/** A server's settled configuration, shared by its connections and calls. */
record ServerConfig(
    Map<String, ServiceDefinition> services,
    List<ServerInterceptor> interceptors,
    Handshake handshake,
    Executor executor,
    ScheduledExecutorService timer,
    int maxMessageSize,
    int maxCallsPerConnection,
    int maxConnections,
    int streamBufferMessages,
    long maxBytesInFlightPerConnection,
    boolean directUnary,
    MetadataLimits metadataLimits) {}
