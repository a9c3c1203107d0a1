package dev.ttrpc.spring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@code @SpringBootTest} class: serves the context's {@code @ShimService} beans on a Unix socket in a new
 * temporary directory under {@code /tmp}, by setting {@code shim.server.address=unix://<dir>/shim.sock}, and points
 * the shim client named {@link #client()} at it ({@code shim.client.shims.<client>.address}), so that
 * {@code registry.taskClient("test")} calls the context's own service. These properties take precedence over the
 * application's. The directory is deleted when the context closes, after the server stops.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AutoConfigureShimTestSocket {

  /** Name of the shim client pointed at the test socket. */
  String client() default "test";
}
