package dev.ttrpc.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The shim starter's demo: an embedded shim that runs <strong>host processes without isolation</strong> (see
 * {@link dev.ttrpc.demo.host.HostTaskService}), a {@code /tasks} REST API that drives it over TTRPC, and actuator's
 * {@code shims} health, {@code shims} endpoint and {@code ttrpc.client.requests} metrics. With the
 * {@code containerd} profile it watches containerd's real shims instead.
 */
@SpringBootApplication
public class DemoApplication {

  public static void main(String[] args) {
    SpringApplication.run(DemoApplication.class, args);
  }
}
