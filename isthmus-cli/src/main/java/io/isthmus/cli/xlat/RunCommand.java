package io.isthmus.cli.xlat;

import io.isthmus.agent.linux.LinuxException;
import io.isthmus.agent.linux.TunDevice;
import io.isthmus.agent.siit.SiitGateway;
import io.isthmus.cli.DurationConverter;
import io.isthmus.cli.IsthmusCommand;
import io.isthmus.xlat.Translator;
import io.isthmus.xlat.TranslatorConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code isthmus xlat run}: a stateless translator (SIIT) gateway on a TUN device in the current network namespace.
 * The operator routes the IPv4 and IPv6 ranges the mappings serve into the TUN; every translation goes back into it.
 * Runs until SIGINT or SIGTERM, logging its counters as one {@code key=value} line per interval and at exit.
 */
@Command(name = "run",
    mixinStandardHelpOptions = true,
    versionProvider = io.isthmus.cli.VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
        "Runs a stateless IP/ICMP translator (SIIT, RFC 7915) on a TUN device it creates in the current network "
            + "namespace. Route the IPv4 and IPv6 ranges of the mappings into the device (ip route ... dev TUN); "
            + "the gateway writes every translation, fragment and ICMP error back into it.",
        "",
        "Runs until interrupted (SIGINT, SIGTERM) and logs its counters every interval and at exit."},
    optionListHeading = "%nOptions:%n",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
        " 0:stopped by a signal",
        " 1:the TUN device could not be created (not root, name in use, no /dev/net/tun)",
        " 2:usage error"},
    footerHeading = "%nExample:%n",
    footer = {
        "  isthmus xlat run --tun siit0 --pool6 2001:db8:46::/96 --eam 198.51.100.2/32=2001:db8:6::2/128 &",
        "  ip link set siit0 up; ip route add 198.51.100.0/24 dev siit0; ip -6 route add 2001:db8:46::/96 dev siit0"})
public final class RunCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private TranslatorOptions translatorOptions;

    @Option(names = "--tun", paramLabel = "NAME", defaultValue = "siit0",
        description = "Name of the TUN device to create (default ${DEFAULT-VALUE}).")
    private String tunName;

    @Option(names = "--counters-every", paramLabel = "DURATION", defaultValue = "10s",
        converter = DurationConverter.class,
        description = "Interval of the counters log line, like 5s or 1m; 0 logs them only at exit "
            + "(default ${DEFAULT-VALUE}).")
    private Duration countersEvery;

    @Override
    public Integer call() throws InterruptedException {
        TranslatorConfig config = translatorOptions.config();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TunDevice tun;
        SiitGateway gateway;
        try {
            tun = TunDevice.open(tunName, TunDevice.Mode.TUN);
            gateway = new SiitGateway(tun, new Translator(config));
        } catch (LinuxException e) {
            err.println(IsthmusCommand.ERROR_PREFIX + "cannot create TUN device '" + tunName + "': " + e.getMessage());
            err.flush();
            return 1;
        }
        log(out, "event=started tun=" + tun.name() + " config=\"" + config + "\"");
        Thread loop = Thread.ofPlatform().name("siit-" + tun.name()).start(gateway);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            gateway.stop();
            try {
                loop.join(2_000);
                tun.close();
            } catch (InterruptedException | LinuxException e) {
                Thread.currentThread().interrupt();
            }
            log(out, "event=stopped tun=" + tun.name() + " counters " + gateway.countersLine());
            stopped.countDown();
        }));
        while (loop.isAlive()) {
            if (countersEvery.isZero()) {
                loop.join();
            } else if (!stopped.await(countersEvery.toMillis(), TimeUnit.MILLISECONDS)) {
                log(out, "event=counters tun=" + tun.name() + " counters " + gateway.countersLine());
            }
        }
        return 0;
    }

    private static void log(PrintWriter out, String fields) {
        out.println("ts=" + Instant.now() + " " + fields);
        out.flush();
    }
}
