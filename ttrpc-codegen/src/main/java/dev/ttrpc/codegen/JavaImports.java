package dev.ttrpc.codegen;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides, type by type, whether generated code can say {@code Foo} (with an import) or must say
 * {@code com.example.Foo}. The first type to ask for a simple name gets it; later types with the same simple name,
 * and types named like the class being generated, are written fully qualified.
 *
 * <p>Types from {@code java.lang} are imported explicitly as well: a single-type import shadows a same-named class of
 * the package (say a message called {@code String} or {@code Exception}), which the implicit {@code java.lang.*}
 * import would not.
 */
public final class JavaImports {
  private final String javaPackage;
  private final Map<String, String> bySimpleName = new HashMap<>();
  private final Set<String> imports = new TreeSet<>();

  /** Imports for a top-level class {@code className} in {@code javaPackage} (empty for the default package). */
  public JavaImports(String javaPackage, String className) {
    this.javaPackage = javaPackage;
    bySimpleName.put(className, JavaTypeResolver.qualify(javaPackage, className));
  }

  /** How the code should refer to the class {@code qualifiedName} (nested classes written with dots). */
  public String ref(String qualifiedName) {
    int dot = qualifiedName.lastIndexOf('.');
    if (dot < 0) {
      return qualifiedName; // the default package: only reachable from the default package
    }
    String simple = qualifiedName.substring(dot + 1);
    String owner = bySimpleName.putIfAbsent(simple, qualifiedName);
    if (owner != null && !owner.equals(qualifiedName)) {
      return qualifiedName;
    }
    if (!qualifiedName.substring(0, dot).equals(javaPackage)) {
      imports.add(qualifiedName);
    }
    return simple;
  }

  /** The import declarations, sorted, one per line. */
  public String declarations() {
    StringBuilder out = new StringBuilder();
    for (String i : imports) {
      out.append("import ").append(i).append(";\n");
    }
    return out.toString();
  }
}
