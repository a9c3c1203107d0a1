/**
 * A protoc plugin generating TTRPC stubs for Java. {@link dev.ttrpc.codegen.TtrpcCodegen} is the entry point;
 * {@link dev.ttrpc.codegen.CodeGenerator} turns a request into files: {@link dev.ttrpc.codegen.ServiceModels} resolves
 * names (with {@link dev.ttrpc.codegen.JavaTypeResolver}, {@link dev.ttrpc.codegen.Naming} and
 * {@link dev.ttrpc.codegen.ProtoComments}), then one generator per class writes Java source through
 * {@link dev.ttrpc.codegen.JavaWriter} and {@link dev.ttrpc.codegen.JavaImports}.
 */
package dev.ttrpc.codegen;
