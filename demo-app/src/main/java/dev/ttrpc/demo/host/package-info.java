/**
 * A containerd Task API implementation that runs plain host processes, <strong>without any isolation</strong>,
 * for the demo: {@link dev.ttrpc.demo.host.HostTaskService}.
 */
@NullMarked
package dev.ttrpc.demo.host;

import org.jspecify.annotations.NullMarked;
