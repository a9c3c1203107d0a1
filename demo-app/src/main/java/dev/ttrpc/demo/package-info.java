/** The runnable demo of shim-spring-boot-starter. */
@NullMarked
package dev.ttrpc.demo;

import org.jspecify.annotations.NullMarked;
