package io.isthmus.api.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemTest {

    @Test
    void typeUrisAreStableAndUnique() {
        assertThat(ProblemType.OVERLAPPING_SUBNET.uri())
            .isEqualTo(URI.create("https://isthmus.dev/problems/overlapping-subnet"));
        assertThat(Arrays.stream(ProblemType.values()).map(ProblemType::uri).distinct())
            .hasSize(ProblemType.values().length);
        for (ProblemType type : ProblemType.values()) {
            assertThat(type.slug()).matches("[a-z]+(-[a-z0-9]+)*");
            assertThat(ProblemType.ofUri(type.uri())).isEqualTo(type);
            assertThat(type.status()).isBetween(400, 599);
        }
    }

    @Test
    void statusesOfTheHttpProblems() {
        assertThat(ProblemType.VERSION_MISMATCH.status()).isEqualTo(412);
        assertThat(ProblemType.UNAUTHORIZED.status()).isEqualTo(401);
        assertThat(ProblemType.NOT_FOUND.status()).isEqualTo(404);
        assertThat(ProblemType.OVERLAPPING_SUBNET.status()).isEqualTo(409);
        assertThat(ProblemType.INVALID_FIELD.status()).isEqualTo(400);
    }

    @Test
    void unknownUriIsRejected() {
        assertThatThrownBy(() -> ProblemType.ofUri(URI.create("https://isthmus.dev/problems/nope")))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exceptionBecomesAProblemWithItsFieldErrors() {
        ValidationException e = new ValidationException(List.of(
            new FieldError("/cidrBlocks/0", ProblemType.PREFIX_TOO_SMALL, "10.0.0.0/29 is too small"),
            new FieldError("/cidrBlocks/1", ProblemType.CIDR_NOT_UNICAST, "127.0.0.0/8 is loopback")));

        Problem problem = e.toProblem(URI.create("/v1/networks"));

        assertThat(problem.type()).isEqualTo(ProblemType.PREFIX_TOO_SMALL.uri());
        assertThat(problem.title()).isEqualTo("Prefix too small");
        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.detail()).isEqualTo("2 fields rejected; see errors");
        assertThat(problem.instance()).isEqualTo(URI.create("/v1/networks"));
        assertThat(problem.errors()).isEqualTo(e.errors());
        assertThat(problem.problemType()).isEqualTo(ProblemType.PREFIX_TOO_SMALL);
        assertThat(e.getMessage()).contains("prefix-too-small at '/cidrBlocks/0'", "cidr-not-unicast");
    }

    @Test
    void singleErrorKeepsItsDetail() {
        Problem problem = ValidationException.of(ProblemType.ADDRESS_IN_USE, "/address", "10.0.1.4 is in use")
            .toProblem(null);

        assertThat(problem.detail()).isEqualTo("10.0.1.4 is in use");
        assertThat(problem.status()).isEqualTo(409);
        assertThat(problem.instance()).isNull();
    }

    @Test
    void problemWithoutFieldErrors() {
        Problem problem = Problem.of(ProblemType.NOT_FOUND, "no network net-x", null);

        assertThat(problem.errors()).isEmpty();
        assertThat(problem.status()).isEqualTo(404);
    }

    @Test
    void exceptionNeedsAnError() {
        assertThatThrownBy(() -> new ValidationException(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
