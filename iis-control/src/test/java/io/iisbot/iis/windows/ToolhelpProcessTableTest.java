package io.iisbot.iis.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.platform.win32.WinError;
import io.iisbot.iis.IisException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class ToolhelpProcessTableTest {

  /** Processes in memory; what a handle sees can differ from the snapshot, as in a pid reuse. */
  private static final class FakeProcesses implements ProcessApi {
    final List<Entry> snapshot = new ArrayList<>();
    final Map<Integer, Long> workingSets = new HashMap<>();

    /** The image an opened handle reports, when it differs from the snapshot's. */
    final Map<Integer, String> imageAtOpen = new HashMap<>();

    final Map<Integer, Integer> openErrors = new HashMap<>();
    final List<Integer> exited = new ArrayList<>();
    final List<Integer> exitsWhenKilled = new ArrayList<>();
    final List<Integer> terminated = new ArrayList<>();
    Integer snapshotError;
    int openHandles;

    void add(int pid, String image) {
      snapshot.add(new Entry(pid, 4, image));
    }

    @Override
    public List<Entry> snapshot() {
      if (snapshotError != null) {
        throw new Win32Failure(snapshotError);
      }
      return List.copyOf(snapshot);
    }

    @Override
    public long workingSetBytes(int pid) {
      return workingSets.getOrDefault(pid, 0L);
    }

    @Override
    public Optional<Opened> open(int pid) {
      if (openErrors.containsKey(pid)) {
        throw new Win32Failure(openErrors.get(pid));
      }
      Optional<String> image =
          Optional.ofNullable(imageAtOpen.get(pid))
              .or(
                  () ->
                      snapshot.stream().filter(e -> e.pid() == pid).map(Entry::image).findFirst());
      if (image.isEmpty()) {
        return Optional.empty();
      }
      openHandles++;
      return Optional.of(
          new Opened() {
            @Override
            public String image() {
              return image.get();
            }

            @Override
            public boolean exited() {
              return exited.contains(pid);
            }

            @Override
            public void terminate() {
              if (exitsWhenKilled.contains(pid)) {
                exited.add(pid);
                throw new Win32Failure(WinError.ERROR_ACCESS_DENIED);
              }
              terminated.add(pid);
            }

            @Override
            public void close() {
              openHandles--;
            }
          });
    }
  }

  private final FakeProcesses api = new FakeProcesses();
  private final ToolhelpProcessTable table = new ToolhelpProcessTable(api);

  @AfterEach
  void everyHandleClosed() {
    assertThat(api.openHandles).as("handles left open").isZero();
  }

  @Test
  void processes_w3wp_matchesCaseInsensitivelyWithWorkingSets() {
    api.add(4100, "w3wp.exe");
    api.add(4200, "W3WP.EXE");
    api.add(812, "svchost.exe");
    api.workingSets.put(4100, 150_000_000L);

    assertThat(table.processes("w3wp.exe"))
        .containsExactly(
            new ProcessTable.ProcessEntry(4100, 4, "w3wp.exe", 150_000_000L),
            new ProcessTable.ProcessEntry(4200, 4, "W3WP.EXE", 0L));
  }

  @Test
  void processes_snapshotFails_isTranslated() {
    api.snapshotError = WinError.ERROR_ACCESS_DENIED;

    assertThatThrownBy(() -> table.processes("w3wp.exe"))
        .isInstanceOfSatisfying(
            IisException.class,
            e -> {
              assertThat(e.isAccessDenied()).isTrue();
              assertThat(e.operation()).isEqualTo("list processes");
            });
  }

  @Test
  void terminate_stillTheExpectedImage_terminates() {
    api.add(4100, "w3wp.exe");

    table.terminate(4100, "W3WP.exe");

    assertThat(api.terminated).containsExactly(4100);
  }

  @Test
  void terminate_pidReusedByAnotherImage_refusedWithoutOpening() {
    api.add(4100, "notepad.exe");

    assertThatThrownBy(() -> table.terminate(4100, "w3wp.exe"))
        .isInstanceOfSatisfying(
            IisException.class,
            e -> {
              assertThat(e.code()).isEqualTo(IisException.INVALID_PARAMETER);
              assertThat(e.hint()).contains("notepad.exe", "w3wp.exe", "nothing was terminated");
            });
    assertThat(api.terminated).isEmpty();
  }

  @Test
  void terminate_pidReusedBetweenSnapshotAndOpen_refusedByTheHandleCheck() {
    api.add(4100, "w3wp.exe");
    api.imageAtOpen.put(4100, "sqlservr.exe");

    assertThatThrownBy(() -> table.terminate(4100, "w3wp.exe"))
        .isInstanceOfSatisfying(
            IisException.class,
            e -> assertThat(e.code()).isEqualTo(IisException.INVALID_PARAMETER));
    assertThat(api.terminated).isEmpty();
  }

  @Test
  void terminate_gone_notFound() {
    assertThatThrownBy(() -> table.terminate(4100, "w3wp.exe"))
        .isInstanceOfSatisfying(
            IisException.class,
            e -> {
              assertThat(e.code()).isEqualTo(IisException.NOT_FOUND);
              assertThat(e.hint()).contains("already exited");
            });
  }

  @Test
  void terminate_exitedButHandleStillOpen_notFound() {
    api.add(4100, "w3wp.exe");
    api.exited.add(4100);

    assertThatThrownBy(() -> table.terminate(4100, "w3wp.exe"))
        .isInstanceOfSatisfying(
            IisException.class, e -> assertThat(e.code()).isEqualTo(IisException.NOT_FOUND));
    assertThat(api.terminated).isEmpty();
  }

  @Test
  void terminate_exitsJustBeforeTheKill_notFoundRatherThanAccessDenied() {
    api.add(4100, "w3wp.exe");
    api.exitsWhenKilled.add(4100);

    assertThatThrownBy(() -> table.terminate(4100, "w3wp.exe"))
        .isInstanceOfSatisfying(
            IisException.class, e -> assertThat(e.code()).isEqualTo(IisException.NOT_FOUND));
  }

  @ParameterizedTest
  @ValueSource(strings = {"svchost.exe", "SVCHOST.EXE"})
  void terminate_svchostRequested_refusedWithoutLooking(String image) {
    api.add(812, "svchost.exe");

    assertThatThrownBy(() -> table.terminate(812, image))
        .isInstanceOfSatisfying(
            IisException.class,
            e -> {
              assertThat(e.code()).isEqualTo(IisException.INVALID_PARAMETER);
              assertThat(e.hint()).contains("svchost.exe", "stop the service instead");
            });
    assertThat(api.terminated).isEmpty();
  }

  @Test
  void terminate_pidIsSvchostWhileW3wpExpected_refused() {
    api.add(812, "svchost.exe");

    assertThatThrownBy(() -> table.terminate(812, "w3wp.exe"))
        .isInstanceOfSatisfying(
            IisException.class,
            e -> {
              assertThat(e.code()).isEqualTo(IisException.INVALID_PARAMETER);
              assertThat(e.hint()).contains("svchost.exe");
            });
    assertThat(api.terminated).isEmpty();
  }

  @Test
  void terminate_handleShowsSvchost_refused() {
    api.add(812, "w3wp.exe");
    api.imageAtOpen.put(812, "svchost.exe");

    assertThatThrownBy(() -> table.terminate(812, "w3wp.exe"))
        .isInstanceOfSatisfying(
            IisException.class, e -> assertThat(e.hint()).contains("svchost.exe"));
    assertThat(api.terminated).isEmpty();
  }

  @Test
  void terminate_accessDeniedOnOpen_saysElevate() {
    api.add(4100, "w3wp.exe");
    api.openErrors.put(4100, WinError.ERROR_ACCESS_DENIED);

    assertThatThrownBy(() -> table.terminate(4100, "w3wp.exe"))
        .isInstanceOfSatisfying(
            IisException.class,
            e -> {
              assertThat(e.isAccessDenied()).isTrue();
              assertThat(e.getMessage()).startsWith("terminate process 4100 failed (error 5)");
            });
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1})
  void terminate_notAPid_refused(int pid) {
    assertThatThrownBy(() -> table.terminate(pid, "w3wp.exe"))
        .isInstanceOfSatisfying(
            IisException.class,
            e -> assertThat(e.code()).isEqualTo(IisException.INVALID_PARAMETER));
  }
}
