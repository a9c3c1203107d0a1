package dev.ttrpc.demo.web;

import dev.ttrpc.demo.config.ConditionalOnEmbeddedShim;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /tasks}: start host commands through the embedded shim and watch, signal and delete them.
 *
 * <pre>
 * POST   /tasks               {"command":["sleep","30"]}  -> 201 {id, pid, status, ...}
 * GET    /tasks                                           -> [{id, pid, status, exitStatus, exitedAt}]
 * GET    /tasks/{id}
 * POST   /tasks/{id}/kill?signal=9                        (default 15)
 * DELETE /tasks/{id}                                      -> {id, pid, exitStatus, exitedAt}
 * </pre>
 */
@RestController
@RequestMapping("/tasks")
@ConditionalOnEmbeddedShim
public class TaskController {
  private final DemoTasks tasks;

  public TaskController(DemoTasks tasks) {
    this.tasks = tasks;
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  public TaskView start(@RequestBody StartTaskRequest request) {
    return tasks.start(request.command() == null ? List.of() : request.command());
  }

  @GetMapping
  public List<TaskView> list() {
    return tasks.list();
  }

  @GetMapping("/{id}")
  public TaskView get(@PathVariable String id) {
    return tasks.get(id);
  }

  @PostMapping("/{id}/kill")
  public TaskView kill(@PathVariable String id, @RequestParam(defaultValue = "15") int signal) {
    return tasks.kill(id, signal);
  }

  @DeleteMapping("/{id}")
  public DeletedTask delete(@PathVariable String id) {
    return tasks.delete(id);
  }
}
