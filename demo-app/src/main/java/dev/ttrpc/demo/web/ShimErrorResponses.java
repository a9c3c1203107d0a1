package dev.ttrpc.demo.web;

import dev.ttrpc.TtrpcException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps the shim's errors to HTTP: NOT_FOUND 404, ALREADY_EXISTS and FAILED_PRECONDITION 409, INVALID_ARGUMENT 400,
 * a shim that cannot be reached 503, anything else 502. The body names the TTRPC code and the shim's message.
 */
@RestControllerAdvice(assignableTypes = TaskController.class)
class ShimErrorResponses {

  @ExceptionHandler(TtrpcException.class)
  ProblemDetail shimError(TtrpcException e) {
    HttpStatus status = switch (e.code()) {
      case NOT_FOUND -> HttpStatus.NOT_FOUND;
      case ALREADY_EXISTS, FAILED_PRECONDITION -> HttpStatus.CONFLICT;
      case INVALID_ARGUMENT -> HttpStatus.BAD_REQUEST;
      case UNAVAILABLE, DEADLINE_EXCEEDED -> HttpStatus.SERVICE_UNAVAILABLE;
      default -> HttpStatus.BAD_GATEWAY;
    };
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.code() + ": " + e.status().message());
    problem.setProperty("ttrpcCode", e.code().name());
    return problem;
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ProblemDetail badRequest(IllegalArgumentException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, String.valueOf(e.getMessage()));
  }
}
