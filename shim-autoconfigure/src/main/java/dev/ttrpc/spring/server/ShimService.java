package dev.ttrpc.spring.server;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean that implements a generated TTRPC server interface ({@code TaskService}, or any {@code FooService}) to
 * be served by the shim server configured under {@code shim.server.*}. The bean is bound with the static
 * {@code bindService(FooService)} of the generated {@code FooTtrpc} class next to the interface. Put it on the bean's
 * class or on its {@code @Bean} method.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ShimService {}
