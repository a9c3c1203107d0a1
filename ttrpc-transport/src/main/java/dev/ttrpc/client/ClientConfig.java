package dev.ttrpc.client;

import dev.ttrpc.Metadata;
import dev.ttrpc.MetadataLimits;
import dev.ttrpc.transport.Connector;
import dev.ttrpc.transport.TtrpcAddress;
import java.time.Duration;
import java.util.List;

/** A client's settled configuration, shared by its connections and calls. */
record ClientConfig(
    TtrpcAddress address,
    Connector connector,
    Duration connectTimeout,
    int maxMessageSize,
    Metadata defaultMetadata,
    Duration defaultTimeout,
    List<ClientInterceptor> interceptors,
    boolean reconnect,
    Backoff backoff,
    int streamBufferMessages,
    long maxCallsPerConnection,
    int connections,
    MetadataLimits metadataLimits) {}
