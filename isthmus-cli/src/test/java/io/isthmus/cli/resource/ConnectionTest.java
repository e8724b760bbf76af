package io.isthmus.cli.resource;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.cli.CommandRun;
import io.isthmus.cli.client.Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the endpoint and token come from: option, then environment, then config file. */
class ConnectionTest {
    @TempDir
    Path home;

    private FakeController controller;

    @BeforeEach
    void start() throws Exception {
        controller = new FakeController();
    }

    @AfterEach
    void stop() {
        controller.close();
    }

    private Path config(Path file, String... lines) throws Exception {
        Files.createDirectories(file.getParent());
        return Files.write(file, java.util.List.of(lines));
    }

    private Path defaultConfig(String... lines) throws Exception {
        return config(home.resolve(".config/isthmus/config"), lines);
    }

    private String tokenSent(Environment env, String... args) {
        CommandRun run = ApiRun.with(env, args);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return controller.last().header("Authorization");
    }

    @Test
    void defaultConfigFileInTheHomeDirectory() throws Exception {
        defaultConfig("# isthmus", "", "endpoint = " + controller.endpoint() + "/", "token=file-token");

        assertThat(tokenSent(Environment.of(Map.of(), home), "tenant", "list")).isEqualTo("Bearer file-token");
        assertThat(controller.last().uri()).isEqualTo("/v1/tenants");
    }

    @Test
    void environmentBeatsTheFileAndTheOptionBeatsTheEnvironment() throws Exception {
        defaultConfig("endpoint = http://127.0.0.1:1", "token = file-token");
        Environment env = Environment.of(Map.of("ISTHMUS_ENDPOINT", controller.endpoint(),
            "ISTHMUS_TOKEN", "env-token"), home);

        assertThat(tokenSent(env, "tenant", "list")).isEqualTo("Bearer env-token");
        assertThat(tokenSent(env, "tenant", "list", "--token", "flag-token")).isEqualTo("Bearer flag-token");
    }

    @Test
    void eachSettingIsResolvedOnItsOwn() throws Exception {
        defaultConfig("endpoint = http://127.0.0.1:1", "token = file-token");
        Environment env = Environment.of(Map.of(), home);

        assertThat(tokenSent(env, "tenant", "list", "--endpoint", controller.endpoint())).isEqualTo("Bearer file-token");
    }

    @Test
    void configOptionBeatsConfigVariableWhichBeatsTheDefaultFile() throws Exception {
        defaultConfig("endpoint = " + controller.endpoint(), "token = default-token");
        Path variable = config(home.resolve("variable.conf"), "endpoint = " + controller.endpoint(),
            "token = variable-token");
        Path option = config(home.resolve("option.conf"), "endpoint = " + controller.endpoint(),
            "token = option-token");
        Environment env = Environment.of(Map.of("ISTHMUS_CONFIG", variable.toString()), home);

        assertThat(tokenSent(env, "tenant", "list")).isEqualTo("Bearer variable-token");
        assertThat(tokenSent(env, "tenant", "list", "--config", option.toString())).isEqualTo("Bearer option-token");
    }

    @Test
    void noEndpointIsAUsageError() {
        CommandRun run = ApiRun.with(Environment.of(Map.of("ISTHMUS_TOKEN", "t"), home), "network", "list");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("isthmus: no controller endpoint: give --endpoint URL, set "
            + "ISTHMUS_ENDPOINT or put 'endpoint = URL' in the config file");
    }

    @Test
    void noTokenIsAUsageError() {
        CommandRun run = ApiRun.with(Environment.of(Map.of(), null), "network", "list",
            "--endpoint", controller.endpoint());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("isthmus: no API token: give --token TOKEN, set ISTHMUS_TOKEN "
            + "or put 'token = TOKEN' in the config file");
        assertThat(controller.requests()).isEmpty();
    }

    @Test
    void aConfigFileThatWasNamedMustExist() {
        Path missing = home.resolve("nope.conf");

        CommandRun run = ApiRun.with(Environment.of(Map.of(), home), "network", "list", "--config",
            missing.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("isthmus: config file " + missing + " does not exist");
    }

    @Test
    void aConfigLineThatIsNotASettingIsReportedWithItsNumber() throws Exception {
        Path file = defaultConfig("endpoint = " + controller.endpoint(), "tokn = x");

        CommandRun run = ApiRun.with(Environment.of(Map.of(), home), "network", "list");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("isthmus: config file " + file
            + " line 2: expected 'endpoint = URL' or 'token = TOKEN'");
    }

    @Test
    void anEndpointThatIsNotAnHttpUrlIsAUsageError() {
        CommandRun run = ApiRun.with(Environment.of(Map.of(), null), "network", "list", "--endpoint",
            "ftp://controller", "--token", "t");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly(
            "isthmus: endpoint 'ftp://controller' is not an http or https URL like https://controller:8443");
    }
}
