package dev.ttrpc.demo.web;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /tasks}.
 *
 * @param command program and arguments, e.g. {@code ["sleep", "30"]}
 */
public record StartTaskRequest(@Nullable List<String> command) {
}
