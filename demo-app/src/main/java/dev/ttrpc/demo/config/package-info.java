/** How the demo wires its embedded shim: a socket of its own per run, and the beans that use it. */
@NullMarked
package dev.ttrpc.demo.config;

import org.jspecify.annotations.NullMarked;
