package dev.ttrpc.demo.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;

/**
 * Matches unless {@code demo.embedded-shim.enabled} is false (the {@code containerd} profile turns it off): the
 * embedded host shim, its client {@code embedded} and the {@code /tasks} API exist together or not at all.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ConditionalOnBooleanProperty(name = EmbeddedShimEnvironmentPostProcessor.ENABLED, matchIfMissing = true)
public @interface ConditionalOnEmbeddedShim {
}
