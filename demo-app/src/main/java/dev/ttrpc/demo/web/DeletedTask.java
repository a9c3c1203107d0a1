package dev.ttrpc.demo.web;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What Delete reports of a task.
 *
 * @param id the task's id
 * @param pid the pid its init process had
 * @param exitStatus its exit status
 * @param exitedAt when it exited; null when it never ran
 */
public record DeletedTask(String id, int pid, int exitStatus, @Nullable Instant exitedAt) {
}
