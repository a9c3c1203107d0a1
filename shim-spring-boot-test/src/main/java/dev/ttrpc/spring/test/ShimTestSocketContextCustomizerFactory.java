package dev.ttrpc.spring.test;

import java.util.List;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/** Registered in {@code META-INF/spring.factories}: acts on {@link AutoConfigureShimTestSocket}. */
final class ShimTestSocketContextCustomizerFactory implements ContextCustomizerFactory {

  @Override
  public ContextCustomizer createContextCustomizer(Class<?> testClass,
      List<ContextConfigurationAttributes> configAttributes) {
    AutoConfigureShimTestSocket annotation =
        TestContextAnnotationUtils.findMergedAnnotation(testClass, AutoConfigureShimTestSocket.class);
    return annotation == null ? null : new ShimTestSocketContextCustomizer(annotation.client());
  }
}
