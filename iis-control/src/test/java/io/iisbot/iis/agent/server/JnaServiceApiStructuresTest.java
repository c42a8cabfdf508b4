package io.iisbot.iis.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Winsvc;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The native memory the ChangeServiceConfig2 structures hand to Windows, checked without calling
 * Windows: JNA lays out these all-int structures the same on every 64-bit OS. Loads JNA's own
 * native library, not Advapi32.
 */
final class JnaServiceApiStructuresTest {

  @Test
  void failureActions_threeActions_areOneContiguousArrayInMemory() {
    Winsvc.SERVICE_FAILURE_ACTIONS info =
        JnaServiceApi.failureActions(
            ServiceInstaller.FAILURE_RESET, ServiceInstaller.FAILURE_ACTIONS);
    info.write();

    assertThat(info.dwResetPeriod).isEqualTo(86_400);
    assertThat(info.cActions).isEqualTo(3);
    assertThat(info.lpRebootMsg).isNull();
    assertThat(info.lpCommand).isNull();
    // The x64 C layout: DWORD dwResetPeriod @0, LPWSTR lpRebootMsg @8, LPWSTR lpCommand @16,
    // DWORD cActions @24, SC_ACTION* lpsaActions @32; 40 bytes.
    assumeTrue(Native.POINTER_SIZE == 8, "the offsets below are x64's");
    Pointer memory = info.getPointer();
    assertThat(info.size()).isEqualTo(40);
    assertThat(memory.getInt(0)).isEqualTo(86_400);
    assertThat(memory.getPointer(8)).isNull();
    assertThat(memory.getPointer(16)).isNull();
    assertThat(memory.getInt(24)).isEqualTo(3);
    Pointer actions = memory.getPointer(32);
    assertThat(actions).isEqualTo(info.lpsaActions.getPointer());
    // SC_ACTION is {DWORD type; DWORD delay}: restart 10 s, restart 10 s, none.
    assertThat(actions.getIntArray(0, 6)).containsExactly(1, 10_000, 1, 10_000, 0, 0);
  }

  @Test
  void failureActions_none_passesANullArray() {
    Winsvc.SERVICE_FAILURE_ACTIONS info =
        JnaServiceApi.failureActions(Duration.ofDays(1), java.util.List.of());

    assertThat(info.cActions).isZero();
    assertThat(info.lpsaActions).isNull();
  }

  @Test
  void delayedAutoStart_true_isOneFourByteBool() {
    JnaServiceApi.DelayedAutoStartInfo info = JnaServiceApi.delayedAutoStart(true);
    info.write();

    assertThat(info.size()).isEqualTo(4);
    assertThat(info.getPointer().getInt(0)).isEqualTo(1);
  }
}
