package io.iisbot.iis.engine;

import io.iisbot.iis.AppPool;
import io.iisbot.iis.IisException;
import io.iisbot.iis.ObjectState;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings a host back to a consistent state after an abort: what an aborted stop, suspend or reset
 * had stopped is started again (services, then pools, then sites, auto-start flags restored); an
 * aborted recycle leaves its pool running; an aborted start or resume leaves what it started
 * running. Every part is tried even when another fails, and the findings say what was undone and
 * what could not be.
 */
final class Undo {

  private Undo() {}

  static void undo(Run run) {
    run.undoing = true;
    try {
      switch (run.request.action()) {
        case STOP, SUSPEND, RESET -> startAgain(run);
        case RECYCLE -> keepPoolRunning(run);
        case START, RESUME ->
            run.findings.add(
                Finding.info(
                    "nothing undone: an aborted "
                        + run.request.action().verb()
                        + " leaves running what it had already started"));
      }
    } finally {
      run.undoing = false;
    }
  }

  private static void startAgain(Run run) {
    List<String> undone = new ArrayList<>();
    List<String> notUndone = new ArrayList<>();
    run.note("aborted: starting again what this operation had stopped");
    if (!run.poolsAutoStartCleared.isEmpty() || !run.sitesAutoStartCleared.isEmpty()) {
      attempt(
          run,
          "auto-start flags",
          () -> {
            SiteSteps.restoreAutoStart(
                run,
                List.copyOf(run.poolsAutoStartCleared),
                List.copyOf(run.sitesAutoStartCleared));
            return null;
          },
          undone,
          notUndone,
          () -> {
            run.poolsAutoStartCleared.clear();
            run.sitesAutoStartCleared.clear();
          });
    }
    if (!run.stoppedServices.isEmpty()) {
      // Started in reverse: the service first, then its dependents (they were stopped leaves
      // first).
      List<String> services = new ArrayList<>(run.stoppedServices);
      java.util.Collections.reverse(services);
      attempt(
          run,
          "services " + String.join(", ", services),
          () -> {
            ServiceSteps.startServices(run, services);
            return null;
          },
          undone,
          notUndone,
          run.stoppedServices::clear);
    }
    for (String pool : List.copyOf(run.stoppedPools)) {
      attempt(
          run,
          "pool " + pool,
          () -> {
            PoolSteps.startPools(run, List.of(pool));
            return null;
          },
          undone,
          notUndone,
          () -> run.stoppedPools.remove(pool));
    }
    for (String site : List.copyOf(run.stoppedSites)) {
      attempt(
          run,
          "site " + site,
          () -> {
            startSite(run, site);
            return null;
          },
          undone,
          notUndone,
          () -> run.stoppedSites.remove(site));
    }
    report(run, undone, notUndone, "nothing had been stopped yet, so nothing needed undoing");
  }

  private static void keepPoolRunning(Run run) {
    String pool = ((Scope.Pool) run.request.scope()).name();
    List<String> undone = new ArrayList<>();
    List<String> notUndone = new ArrayList<>();
    if (!run.workerPidsBefore.isEmpty()) {
      run.findings.add(
          Finding.info(
              "the recycle of "
                  + pool
                  + " had already been sent to WAS, which finishes it on its own (new workers"
                  + " replace the old ones)"));
    }
    attempt(
        run,
        "pool " + pool,
        () -> {
          AppPool p = HostReads.pool(run, pool);
          if (p.state() == ObjectState.STARTED) {
            throw new Step.Skip("already running");
          }
          PoolSteps.startPools(run, List.of(p.name()));
          return null;
        },
        undone,
        notUndone,
        () -> {});
    report(run, undone, notUndone, "pool " + pool + " was left running");
  }

  /** A part of the undo that may fail on its own. */
  @FunctionalInterface
  private interface Part {
    Void run() throws InterruptedException;
  }

  private static void attempt(
      Run run,
      String what,
      Part part,
      List<String> undone,
      List<String> notUndone,
      Runnable onSuccess) {
    try {
      part.run();
      undone.add(what);
      onSuccess.run();
    } catch (Step.Skip skip) {
      onSuccess.run();
    } catch (Step.Failure | IisException e) {
      notUndone.add(what + " (" + e.getMessage() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      notUndone.add(what + " (the agent was stopping)");
    }
  }

  private static void report(
      Run run, List<String> undone, List<String> notUndone, String nothingToUndo) {
    if (!undone.isEmpty()) {
      run.findings.add(Finding.info("undone: started again " + String.join(", ", undone)));
    }
    if (!notUndone.isEmpty()) {
      run.findings.add(Finding.error("could not undo: " + String.join("; ", notUndone)));
    }
    if (undone.isEmpty() && notUndone.isEmpty()) {
      run.findings.add(Finding.info("undone: " + nothingToUndo));
    }
  }

  private static void startSite(Run run, String name) throws InterruptedException {
    io.iisbot.iis.Site s = HostReads.site(run, name);
    if (s.state() == ObjectState.STARTED) {
      throw new Step.Skip("already started");
    }
    run.call("start site " + s.name(), () -> run.host.startSite(s.name()));
  }
}
