/** The demo's REST API: host commands started, listed, signalled and deleted through the embedded shim's client. */
@NullMarked
package dev.ttrpc.demo.web;

import org.jspecify.annotations.NullMarked;
