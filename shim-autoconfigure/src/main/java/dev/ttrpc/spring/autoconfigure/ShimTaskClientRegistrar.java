package dev.ttrpc.spring.autoconfigure;

import dev.ttrpc.shim.task.v2.TaskClient;
import dev.ttrpc.spring.client.Shim;
import dev.ttrpc.spring.client.ShimClientRegistry;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Registers, for each shim configured under {@code shim.client.shims.<name>}, a lazy {@link TaskClient} bean named
 * {@code <name>TaskClient} and qualified {@link Shim @Shim("<name>")}, taken from the {@link ShimClientRegistry} when
 * first injected. Names are read with the {@link Binder}, so the properties bean is not created early. A name is
 * skipped when a bean of that bean name, or a bean qualified {@code @Shim("<name>")}, is already defined.
 */
final class ShimTaskClientRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware, BeanFactoryAware {
  private @Nullable Environment environment;
  private @Nullable BeanFactory beanFactory;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
    this.beanFactory = beanFactory;
  }

  @Override
  public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) throws BeansException {
    Map<String, Object> shims = Binder.get(Objects.requireNonNull(environment))
        .bind("shim.client.shims", Bindable.mapOf(String.class, Object.class)).orElse(Map.of());
    BeanFactory factory = Objects.requireNonNull(beanFactory);
    for (String name : shims.keySet()) {
      String beanName = beanName(name);
      if (registry.containsBeanDefinition(beanName) || qualifiedBeanExists(registry, name)) {
        continue;
      }
      RootBeanDefinition definition = new RootBeanDefinition(TaskClient.class,
          () -> factory.getBean(ShimClientRegistry.class).taskClient(name));
      definition.addQualifier(new AutowireCandidateQualifier(Shim.class, name));
      definition.setLazyInit(true);
      registry.registerBeanDefinition(beanName, definition);
    }
  }

  /** {@code <name>TaskClient}, the name camel-cased at every character that is not a letter or digit. */
  static String beanName(String shimName) {
    StringBuilder b = new StringBuilder();
    boolean upper = false;
    for (char c : shimName.toCharArray()) {
      if (!Character.isLetterOrDigit(c)) {
        upper = b.length() > 0;
      } else {
        b.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return b.append("TaskClient").toString();
  }

  private static boolean qualifiedBeanExists(BeanDefinitionRegistry registry, String name) {
    for (String existing : registry.getBeanDefinitionNames()) {
      var definition = registry.getBeanDefinition(existing);
      if (definition instanceof AbstractBeanDefinition abd) {
        AutowireCandidateQualifier qualifier = abd.getQualifier(Shim.class.getName());
        if (qualifier != null && name.equals(qualifier.getAttribute("value"))) {
          return true;
        }
      }
      if (definition instanceof AnnotatedBeanDefinition annotated
          && (names(annotated.getFactoryMethodMetadata(), name) || names(annotated.getMetadata(), name))) {
        return true;
      }
    }
    return false;
  }

  private static boolean names(@Nullable AnnotatedTypeMetadata metadata, String name) {
    if (metadata == null) {
      return false;
    }
    var shim = metadata.getAnnotations().get(Shim.class);
    return shim.isPresent() && name.equals(shim.getString("value"));
  }
}
