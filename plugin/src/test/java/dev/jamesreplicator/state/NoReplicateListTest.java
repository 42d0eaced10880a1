package dev.jamesreplicator.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.jamesreplicator.config.UserMask;

class NoReplicateListTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path stateDirectory;

    private static NoReplicateList list(StateStore store, String... configured) {
        return new NoReplicateList(store, java.util.Arrays.stream(configured).map(UserMask::of)
            .collect(java.util.stream.Collectors.toList()), CLOCK);
    }

    @Test
    void configuredMasksExcludeTheUsersTheyName() {
        try (StateStore store = new StateStore(stateDirectory)) {
            NoReplicateList list = list(store, "archive@example.com", "*@lists.example.com");

            assertThat(list.excludes("archive@example.com")).isTrue();
            assertThat(list.excludes("Archive@Example.com")).isTrue();
            assertThat(list.excludes("dev@lists.example.com")).isTrue();
            assertThat(list.excludes("alice@example.com")).isFalse();
            assertThat(list.maskFor("dev@lists.example.com")).hasValue(UserMask.of("*@lists.example.com"));
            assertThat(list.entries()).extracting(NoReplicateList.Entry::source)
                .containsOnly(NoReplicateList.Source.CONFIG);
        }
    }

    @Test
    void masksAddedAtRuntimeAreKeptAcrossRestarts() {
        try (StateStore store = new StateStore(stateDirectory)) {
            NoReplicateList list = list(store, "archive@example.com");
            assertThat(list.add(UserMask.of("bulk?@example.com"))).isTrue();
            assertThat(list.add(UserMask.of("BULK?@example.com"))).as("the same mask, in other case").isFalse();
            assertThat(list.add(UserMask.of("Archive@example.com"))).as("configured already").isFalse();
            assertThat(list.excludes("bulk1@example.com")).isTrue();
        }
        try (StateStore store = new StateStore(stateDirectory)) {
            NoReplicateList list = list(store, "archive@example.com");

            assertThat(list.excludes("bulk1@example.com")).isTrue();
            NoReplicateList.Entry added = list.entries().get(1);
            assertThat(added.mask().text()).isEqualTo("bulk?@example.com");
            assertThat(added.source()).isEqualTo(NoReplicateList.Source.WEBADMIN);
            assertThat(added.addedAt()).hasValue(CLOCK.instant());
            assertThat(list.masks()).containsExactly("archive@example.com", "bulk?@example.com");
        }
    }

    @Test
    void onlyRuntimeMasksCanBeRemovedAtRuntime() {
        try (StateStore store = new StateStore(stateDirectory)) {
            NoReplicateList list = list(store, "archive@example.com");
            list.add(UserMask.of("bulk@example.com"));

            assertThat(list.remove(UserMask.of("archive@example.com"))).isEqualTo(NoReplicateList.Removal.CONFIGURED);
            assertThat(list.remove(UserMask.of("nobody@example.com"))).isEqualTo(NoReplicateList.Removal.NOT_FOUND);
            assertThat(list.remove(UserMask.of("BULK@example.com"))).isEqualTo(NoReplicateList.Removal.REMOVED);
            assertThat(list.excludes("bulk@example.com")).isFalse();
            assertThat(list.excludes("archive@example.com")).isTrue();
        }
        try (StateStore store = new StateStore(stateDirectory)) {
            assertThat(list(store).entries()).as("the removal is durable").isEmpty();
        }
    }

    @Test
    void aMaskAddedAtRuntimeAndLaterConfiguredIsListedOnce() {
        try (StateStore store = new StateStore(stateDirectory)) {
            list(store).add(UserMask.of("archive@example.com"));
        }
        try (StateStore store = new StateStore(stateDirectory)) {
            NoReplicateList list = list(store, "archive@example.com");
            assertThat(list.entries()).hasSize(1);
            assertThat(list.entries().get(0).source()).isEqualTo(NoReplicateList.Source.CONFIG);
            assertThat(list.masks()).isEqualTo(List.of("archive@example.com"));
        }
    }
}
