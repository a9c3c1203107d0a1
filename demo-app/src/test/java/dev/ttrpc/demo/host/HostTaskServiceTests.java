package dev.ttrpc.demo.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ttrpc.Code;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.demo.Poll;
import dev.ttrpc.shim.ProcessSpec;
import dev.ttrpc.shim.task.v2.ConnectRequest;
import dev.ttrpc.shim.task.v2.CreateTaskRequest;
import dev.ttrpc.shim.task.v2.DeleteRequest;
import dev.ttrpc.shim.task.v2.DeleteResponse;
import dev.ttrpc.shim.task.v2.ExecProcessRequest;
import dev.ttrpc.shim.task.v2.KillRequest;
import dev.ttrpc.shim.task.v2.PidsRequest;
import dev.ttrpc.shim.task.v2.ShutdownRequest;
import dev.ttrpc.shim.task.v2.StartRequest;
import dev.ttrpc.shim.task.v2.StateRequest;
import dev.ttrpc.shim.task.v2.StateResponse;
import dev.ttrpc.shim.task.v2.WaitRequest;
import dev.ttrpc.shim.task.v2.WaitResponse;
import dev.ttrpc.shim.types.task.ProcessInfo;
import dev.ttrpc.shim.types.task.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The host Task service called directly: real processes, containerd's codes and messages. */
class HostTaskServiceTests {
  private static final Duration BOUND = Duration.ofSeconds(10);

  private final HostTaskService service = new HostTaskService();

  @TempDir
  Path dir;

  @AfterEach
  void killEverything() {
    service.close();
  }

  @Test
  void startedProcessRunsThenReportsItsExitCode() throws Exception {
    create("t1", "sh", "-c", "exit 3");
    int pid = service.start(StartRequest.newBuilder().setId("t1").build(), null).getPid();

    WaitResponse exit = waitFor("t1", "");

    assertThat(pid).isPositive();
    assertThat(exit.getExitStatus()).isEqualTo(3);
    StateResponse state = state("t1", "");
    assertThat(state.getStatus()).isEqualTo(Status.STOPPED);
    assertThat(state.getExitStatus()).isEqualTo(3);
    assertThat(state.getPid()).isEqualTo(pid);
    assertThat(state.getBundle()).isEqualTo(dir.resolve("t1").toString());
  }

  @Test
  void createdTaskWaitsForStart() throws Exception {
    create("t1", "true");

    assertThat(state("t1", "").getStatus()).isEqualTo(Status.CREATED);
    assertThat(state("t1", "").getPid()).isZero();
  }

  @Test
  void processGetsTheBundlesWorkingDirectoryEnvironmentAndStdout() throws Exception {
    Path bundle = writeBundle("t1", List.of("sh", "-c", "printf '%s %s' \"$GREETING\" \"$(pwd)\""),
        List.of("PATH=/usr/bin:/bin", "GREETING=hello"));
    Path out = dir.resolve("out.log");
    service.create(CreateTaskRequest.newBuilder().setId("t1").setBundle(bundle.toString())
        .setStdout(out.toUri().toString()).build(), null);
    service.start(StartRequest.newBuilder().setId("t1").build(), null);

    assertThat(waitFor("t1", "").getExitStatus()).isZero();
    assertThat(Files.readString(out)).isEqualTo("hello " + bundle.toRealPath());
  }

  @Test
  void execRunsBesideTheInitProcessAndReportsItsOwnExit() throws Exception {
    int initPid = createAndStart("t1", "sleep", "60");
    service.exec(ExecProcessRequest.newBuilder().setId("t1").setExecId("e1")
        .setSpec(ProcessSpec.builder().args("sh", "-c", "exit 5").env("PATH=/usr/bin:/bin").build().toAny())
        .build(), null);

    assertThat(state("t1", "e1").getStatus()).isEqualTo(Status.CREATED);
    int execPid = service.start(StartRequest.newBuilder().setId("t1").setExecId("e1").build(), null).getPid();

    assertThat(execPid).isPositive().isNotEqualTo(initPid);
    assertThat(waitFor("t1", "e1").getExitStatus()).isEqualTo(5);
    assertThat(state("t1", "e1").getStatus()).isEqualTo(Status.STOPPED);
    assertThat(state("t1", "").getStatus()).isEqualTo(Status.RUNNING);
    assertThat(service.pids(PidsRequest.newBuilder().setId("t1").build(), null).getProcessesList())
        .extracting(ProcessInfo::getPid).containsExactly(initPid);
    DeleteResponse deleted = service.delete(DeleteRequest.newBuilder().setId("t1").setExecId("e1").build(), null);
    assertThat(deleted.getExitStatus()).isEqualTo(5);
    assertThat(deleted.getPid()).isEqualTo(execPid);
    assertThatThrownBy(() -> state("t1", "e1")).isInstanceOfSatisfying(TtrpcException.class, e -> {
      assertThat(e.code()).isEqualTo(Code.NOT_FOUND);
      assertThat(e.status().message()).isEqualTo("process does not exist e1: not found");
    });
  }

  @Test
  void execWithAnotherSpecTypeIsInvalid() throws Exception {
    createAndStart("t1", "sleep", "60");

    assertThatThrownBy(() -> service.exec(ExecProcessRequest.newBuilder().setId("t1").setExecId("e1")
        .setSpec(com.google.protobuf.Any.newBuilder().setTypeUrl("example.Other")).build(), null))
        .isInstanceOfSatisfying(TtrpcException.class, e -> {
          assertThat(e.code()).isEqualTo(Code.INVALID_ARGUMENT);
          assertThat(e.status().message()).contains(ProcessSpec.TYPE_URL).contains("example.Other");
        });
  }

  @ParameterizedTest(name = "signal {0} -> exit status {1}")
  @CsvSource({"9, 137", "15, 143", "10, 138"})
  void killEndsTheProcessWithThatSignal(int signal, int exitStatus) throws Exception {
    createAndStart("t1", "sleep", "60");

    service.kill(KillRequest.newBuilder().setId("t1").setSignal(signal).build(), null);

    assertThat(waitFor("t1", "").getExitStatus()).isEqualTo(exitStatus);
    assertThat(state("t1", "").getStatus()).isEqualTo(Status.STOPPED);
  }

  @Test
  void killOfAFinishedProcessIsNotFound() throws Exception {
    createAndStart("t1", "true");
    waitFor("t1", "");

    assertThatThrownBy(() -> service.kill(KillRequest.newBuilder().setId("t1").setSignal(9).build(), null))
        .isInstanceOfSatisfying(TtrpcException.class, e -> {
          assertThat(e.code()).isEqualTo(Code.NOT_FOUND);
          assertThat(e.status().message()).isEqualTo("process already finished: not found");
        });
  }

  @Test
  void unknownContainerIsNotFoundEverywhere() {
    List<Runnable> calls = List.of(
        () -> state("nope", ""),
        () -> service.start(StartRequest.newBuilder().setId("nope").build(), null),
        () -> service.kill(KillRequest.newBuilder().setId("nope").setSignal(9).build(), null),
        () -> service.delete(DeleteRequest.newBuilder().setId("nope").build(), null),
        () -> service.pids(PidsRequest.newBuilder().setId("nope").build(), null),
        () -> service.wait(WaitRequest.newBuilder().setId("nope").build(), null));
    for (Runnable call : calls) {
      assertThatThrownBy(call::run).isInstanceOfSatisfying(TtrpcException.class, e -> {
        assertThat(e.code()).isEqualTo(Code.NOT_FOUND);
        assertThat(e.status().message()).isEqualTo("container nope: not found");
      });
    }
  }

  @Test
  void createWithoutConfigJsonIsInvalidAndNamesTheFile() throws IOException {
    Path bundle = Files.createDirectories(dir.resolve("empty"));

    assertThatThrownBy(() -> service.create(CreateTaskRequest.newBuilder().setId("t1")
        .setBundle(bundle.toString()).build(), null))
        .isInstanceOfSatisfying(TtrpcException.class, e -> {
          assertThat(e.code()).isEqualTo(Code.INVALID_ARGUMENT);
          assertThat(e.status().message()).contains(bundle.resolve("config.json").toString()).contains("no such file");
        });
  }

  @Test
  void secondCreateOfAnIdAlreadyExists() throws Exception {
    create("t1", "true");

    assertThatThrownBy(() -> create("t1", "true")).isInstanceOfSatisfying(TtrpcException.class,
        e -> assertThat(e.code()).isEqualTo(Code.ALREADY_EXISTS));
  }

  @Test
  void runningTaskCannotBeDeletedButAStoppedOneCan() throws Exception {
    int pid = createAndStart("t1", "sleep", "60");

    assertThatThrownBy(() -> service.delete(DeleteRequest.newBuilder().setId("t1").build(), null))
        .isInstanceOfSatisfying(TtrpcException.class,
            e -> assertThat(e.code()).isEqualTo(Code.FAILED_PRECONDITION));
    service.kill(KillRequest.newBuilder().setId("t1").setSignal(9).build(), null);
    waitFor("t1", "");
    DeleteResponse deleted = service.delete(DeleteRequest.newBuilder().setId("t1").build(), null);

    assertThat(deleted.getPid()).isEqualTo(pid);
    assertThat(deleted.getExitStatus()).isEqualTo(137);
    assertThatThrownBy(() -> state("t1", "")).isInstanceOf(TtrpcException.class);
  }

  @Test
  void connectReportsTheShimsAndTheTasksPid() throws Exception {
    int pid = createAndStart("t1", "sleep", "60");

    var known = service.connect(ConnectRequest.newBuilder().setId("t1").build(), null);
    var unknown = service.connect(ConnectRequest.newBuilder().setId("nope").build(), null);

    assertThat(known.getShimPid()).isEqualTo((int) ProcessHandle.current().pid());
    assertThat(known.getTaskPid()).isEqualTo(pid);
    assertThat(unknown.getShimPid()).isEqualTo(known.getShimPid());
    assertThat(unknown.getTaskPid()).isZero();
  }

  @Test
  void shutdownKeepsRunningTasksUnlessNow() throws Exception {
    int pid = createAndStart("t1", "sleep", "60");

    service.shutdown(ShutdownRequest.newBuilder().build(), null);
    assertThat(state("t1", "").getStatus()).isEqualTo(Status.RUNNING);
    service.shutdown(ShutdownRequest.newBuilder().setNow(true).build(), null);

    awaitGone(pid);
    assertThatThrownBy(() -> state("t1", "")).isInstanceOf(TtrpcException.class);
  }

  @Test
  void closeKillsEveryProcessItStarted() throws Exception {
    int init = createAndStart("t1", "sleep", "60");
    service.exec(ExecProcessRequest.newBuilder().setId("t1").setExecId("e1")
        .setSpec(ProcessSpec.builder().args("sleep", "60").env("PATH=/usr/bin:/bin").build().toAny()).build(), null);
    int exec = service.start(StartRequest.newBuilder().setId("t1").setExecId("e1").build(), null).getPid();

    service.close();

    awaitGone(init);
    awaitGone(exec);
  }

  private static void awaitGone(int pid) {
    Poll.until("process " + pid + " gone", BOUND, () -> ProcessHandle.of(pid).map(ProcessHandle::isAlive)
        .orElse(false), alive -> !alive);
  }

  private int createAndStart(String id, String... args) throws Exception {
    create(id, args);
    return service.start(StartRequest.newBuilder().setId(id).build(), null).getPid();
  }

  private void create(String id, String... args) throws Exception {
    Path bundle = writeBundle(id, List.of(args), List.of("PATH=/usr/bin:/bin"));
    service.create(CreateTaskRequest.newBuilder().setId(id).setBundle(bundle.toString()).build(), null);
  }

  private Path writeBundle(String id, List<String> args, List<String> env) throws IOException {
    Path bundle = Files.createDirectories(dir.resolve(id));
    ProcessSpec process = ProcessSpec.builder().args(args).env(env.toArray(String[]::new)).cwd(bundle.toString())
        .build();
    Files.writeString(bundle.resolve("config.json"), "{\"ociVersion\":\"1.0.2\",\"process\":" + process.toJson() + "}");
    return bundle;
  }

  private StateResponse state(String id, String execId) {
    return service.state(StateRequest.newBuilder().setId(id).setExecId(execId).build(), null);
  }

  /** Wait blocks until the exit: bounded here so that a process that never ends fails the test. */
  private WaitResponse waitFor(String id, String execId) throws Exception {
    return CompletableFuture.supplyAsync(() -> service.wait(WaitRequest.newBuilder().setId(id).setExecId(execId)
        .build(), null)).get(BOUND.toSeconds(), TimeUnit.SECONDS);
  }
}
