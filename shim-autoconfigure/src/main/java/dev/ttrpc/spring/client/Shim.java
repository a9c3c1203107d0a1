package dev.ttrpc.spring.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Qualifies an injection point (or a bean) by shim name: {@code @Shim("nginx") TaskClient nginx} receives the task
 * client of the shim configured under {@code shim.client.shims.nginx}.
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface Shim {
  /** The name of the shim, its key under {@code shim.client.shims}. */
  String value();
}
