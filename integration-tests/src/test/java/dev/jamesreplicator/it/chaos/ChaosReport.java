package dev.jamesreplicator.it.chaos;

import dev.jamesreplicator.tools.verify.MailStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** What a run did and what the oracle found, as text for the test's output and its failure. */
final class ChaosReport {
    private ChaosReport() {
    }

    static String summary(long seed, ChaosHistory history, ChaosOracle.Verdict verdict) {
        Map<String, Long> outcomes = new TreeMap<>(history.events().stream().collect(Collectors.groupingBy(
                e -> e.operation() + " " + e.outcome(), Collectors.counting())));
        Map<String, Long> findings = new TreeMap<>(verdict.findings().stream()
                .collect(Collectors.groupingBy(ChaosOracle.Finding::rule, Collectors.counting())));
        Map<String, Long> excuses = new TreeMap<>(verdict.excuses().stream()
                .collect(Collectors.groupingBy(ChaosOracle.Excuse::reason, Collectors.counting())));
        StringBuilder text = new StringBuilder();
        text.append("chaos seed ").append(seed).append(": ").append(history.events().size()).append(" steps: ")
                .append(outcomes).append('\n');
        history.faults().forEach(f -> text.append("chaos seed ").append(seed).append(": ").append(f).append('\n'));
        text.append("chaos seed ").append(seed).append(": findings ").append(findings.isEmpty() ? "none" : findings)
                .append("; excused ").append(excuses.isEmpty() ? "none" : excuses)
                .append("; removed by clients (expunge, mailbox delete) ").append(verdict.removedByClients()).append('\n');
        for (ChaosOracle.Excuse excuse : verdict.excuses()) {
            text.append("  excused (").append(excuse.reason()).append(") ").append(excuse.chaosId()).append(": ")
                    .append(excuse.why()).append('\n');
        }
        return text.toString();
    }

    /** The whole run, every step and fault in order, for a look at what a summary leaves out; returns the file. */
    static Path write(long seed, String user, ChaosSchedule schedule, ChaosHistory history, String verdict) throws IOException {
        Path directory = Path.of(System.getProperty("basedir", ".")).resolve("target/chaos");
        Files.createDirectories(directory);
        Path file = directory.resolve("history-" + seed + "-" + user.replaceAll("@.*", "") + ".txt");
        List<String> lines = new ArrayList<>();
        lines.add(schedule.describe());
        history.faults().forEach(f -> lines.add(f.toString()));
        history.events().forEach(e -> lines.add(e.toString()));
        lines.add(history.sightings().size() + " views read");
        lines.add(verdict);
        Files.write(file, lines);
        return file;
    }

    /** Each bad message: the rule, its whole history, and where it ended on each server. */
    static String failures(long seed, ChaosOracle oracle, List<ChaosOracle.Finding> findings, MailStore a, MailStore b) {
        StringBuilder text = new StringBuilder();
        for (ChaosOracle.Finding finding : findings) {
            text.append("chaos seed ").append(seed).append(": ").append(finding.rule().toUpperCase()).append(' ')
                    .append(finding.chaosId()).append(": ").append(finding.why()).append('\n');
            for (ChaosEvent event : oracle.historyOf(finding.chaosId())) {
                text.append("    ").append(event).append('\n');
            }
            text.append("    ").append(oracle.sightingsOf(finding.chaosId())).append('\n');
            text.append("    ends on ").append(ChaosOracle.whereIs(finding.chaosId(), a)).append('\n');
            text.append("    ends on ").append(ChaosOracle.whereIs(finding.chaosId(), b)).append('\n');
        }
        return text.toString();
    }
}
