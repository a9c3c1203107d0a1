package dev.ttrpc.spring.server;

import dev.ttrpc.server.ServiceDefinition;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.aop.support.AopUtils;
import org.springframework.util.ClassUtils;

/**
 * Binds {@link ShimService} beans: for each generated service interface {@code pkg.FooService} a bean implements, the
 * static {@code pkg.FooTtrpc.bindService(FooService)} makes its {@link ServiceDefinition}.
 */
public final class ShimServiceDefinitions {
  private static final String SUFFIX = "Service";

  private ShimServiceDefinitions() {}

  /** The definitions of every bean, by bean name, in order. */
  public static List<ServiceDefinition> of(Map<String, Object> beans) {
    List<ServiceDefinition> definitions = new ArrayList<>();
    beans.forEach((name, bean) -> definitions.addAll(of(name, bean)));
    return definitions;
  }

  /**
   * The definitions of one bean, one per generated service interface it implements.
   *
   * @throws IllegalStateException naming the bean when it implements no interface with a generated binder
   */
  public static List<ServiceDefinition> of(String beanName, Object bean) {
    Class<?> type = AopUtils.getTargetClass(bean);
    List<ServiceDefinition> definitions = new ArrayList<>();
    List<String> looked = new ArrayList<>();
    for (Class<?> iface : ClassUtils.getAllInterfacesForClassAsSet(type)) {
      String simple = iface.getSimpleName();
      if (!simple.endsWith(SUFFIX) || simple.length() == SUFFIX.length()) {
        continue;
      }
      String binder = iface.getPackageName() + "." + simple.substring(0, simple.length() - SUFFIX.length()) + "Ttrpc";
      looked.add(binder + ".bindService(" + simple + ")");
      Method bind = bindService(binder, iface);
      if (bind != null) {
        definitions.add(invoke(beanName, bind, bean));
      }
    }
    if (definitions.isEmpty()) {
      throw new IllegalStateException("@ShimService bean '" + beanName + "' (" + type.getName()
          + ") implements no generated TTRPC service interface"
          + (looked.isEmpty() ? "" : "; looked for " + String.join(", ", looked)));
    }
    return definitions;
  }

  private static Method bindService(String binder, Class<?> iface) {
    try {
      Class<?> ttrpc = ClassUtils.forName(binder, iface.getClassLoader());
      Method method = ttrpc.getMethod("bindService", iface);
      return Modifier.isStatic(method.getModifiers()) && ServiceDefinition.class.equals(method.getReturnType())
          ? method
          : null;
    } catch (ClassNotFoundException | LinkageError | NoSuchMethodException e) {
      return null;
    }
  }

  private static ServiceDefinition invoke(String beanName, Method bind, Object bean) {
    try {
      return (ServiceDefinition) bind.invoke(null, bean);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot bind @ShimService bean '" + beanName + "' with " + bind, e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("binding @ShimService bean '" + beanName + "' with " + bind + " failed",
          e.getCause());
    }
  }
}
