/**
 * Serving TTRPC from Spring beans: {@link dev.ttrpc.spring.server.ShimService} marks an implementation of a generated
 * service interface, and {@link dev.ttrpc.spring.server.ShimServerLifecycle} runs the server that serves them.
 */
@NullMarked
package dev.ttrpc.spring.server;

import org.jspecify.annotations.NullMarked;
