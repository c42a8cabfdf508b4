package io.iisbot.iis.agent.server;

import com.sun.jna.platform.win32.Winsvc;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An SCM in memory that behaves like the real one where {@link ServiceInstaller} and {@link
 * ServiceDispatcher} care: handles must be closed, {@code ServiceMain} runs on a thread of its own
 * while controls arrive on the dispatcher's thread, and the dispatcher returns once {@code
 * ServiceMain} is done. Records every call, in order, so tests can check what was (not) sent.
 */
final class FakeServiceApi implements ServiceApi {

  record FakeHandle(String what, int id) implements Handle {}

  private static final Object MAIN_RETURNED = new Object();

  /** Every call in order, with its arguments; other parties (a server) may add their own. */
  final List<String> calls = Collections.synchronizedList(new ArrayList<>());

  /** Win32 code a method (by name) fails with, every time it is called. */
  final Map<String, Integer> failures = new HashMap<>();

  /** What {@link #queryState} answers, in turn; the last answer repeats. */
  final Deque<Integer> states = new ArrayDeque<>();

  /** Win32 codes {@link #control} fails with, in turn; 0 means it succeeds. */
  final Deque<Integer> controlErrors = new ArrayDeque<>();

  /** Controls the SCM sends, in order, once the service reports RUNNING. */
  final List<Integer> controlsWhenRunning = new ArrayList<>();

  /** What the control handler answered, in order. */
  final List<Integer> controlReplies = Collections.synchronizedList(new ArrayList<>());

  /** Every status reported, in order. */
  final List<Status> statuses = Collections.synchronizedList(new ArrayList<>());

  Create created;
  Duration resetPeriod;
  List<FailureAction> failureActions;

  private final Set<Handle> open = Collections.synchronizedSet(new LinkedHashSet<>());
  private final BlockingQueue<Object> scmEvents = new LinkedBlockingQueue<>();
  private volatile ControlHandler handler;
  private volatile Handle statusHandle;
  private int handles;

  Set<Handle> openHandles() {
    return Set.copyOf(open);
  }

  Handle statusHandle() {
    return statusHandle;
  }

  private void maybeFail(String method) {
    Integer code = failures.get(method);
    if (code != null) {
      throw new Failure(code);
    }
  }

  private synchronized Handle newHandle(String what) {
    Handle h = new FakeHandle(what, ++handles);
    open.add(h);
    return h;
  }

  @Override
  public Handle openManager(int access) {
    calls.add("openManager(0x" + Integer.toHexString(access) + ")");
    maybeFail("openManager");
    return newHandle("manager");
  }

  @Override
  public Handle createService(Handle manager, Create create) {
    calls.add("createService(" + create.name() + ")");
    maybeFail("createService");
    created = create;
    return newHandle("service " + create.name());
  }

  @Override
  public void setDescription(Handle service, String description) {
    calls.add("setDescription(" + description + ")");
    maybeFail("setDescription");
  }

  @Override
  public void setFailureActions(Handle service, Duration resetPeriod, List<FailureAction> actions) {
    calls.add("setFailureActions");
    maybeFail("setFailureActions");
    this.resetPeriod = resetPeriod;
    this.failureActions = List.copyOf(actions);
  }

  @Override
  public void setFailureActionsOnNonCrashFailures(Handle service, boolean enabled) {
    calls.add("setFailureActionsOnNonCrashFailures(" + enabled + ")");
    maybeFail("setFailureActionsOnNonCrashFailures");
  }

  @Override
  public void setDelayedAutoStart(Handle service, boolean delayed) {
    calls.add("setDelayedAutoStart(" + delayed + ")");
    maybeFail("setDelayedAutoStart");
  }

  @Override
  public Handle openService(Handle manager, String name, int access) {
    calls.add("openService(" + name + ", 0x" + Integer.toHexString(access) + ")");
    maybeFail("openService");
    return newHandle("service " + name);
  }

  @Override
  public int queryState(Handle service) {
    calls.add("queryState");
    maybeFail("queryState");
    return states.size() > 1 ? states.removeFirst() : states.getFirst();
  }

  @Override
  public void control(Handle service, int control) {
    calls.add("control(" + control + ")");
    Integer code = controlErrors.pollFirst();
    if (code != null && code != 0) {
      throw new Failure(code);
    }
  }

  @Override
  public void delete(Handle service) {
    calls.add("delete");
    maybeFail("delete");
  }

  @Override
  public void close(Handle handle) {
    calls.add("close(" + ((FakeHandle) handle).what() + ")");
    if (!open.remove(handle)) {
      throw new AssertionError("closed twice or never opened: " + handle);
    }
  }

  @Override
  public void runDispatcher(String serviceName, Runnable serviceMain) {
    calls.add("runDispatcher(" + serviceName + ")");
    maybeFail("runDispatcher");
    Thread main =
        new Thread(
            () -> {
              try {
                serviceMain.run();
              } finally {
                scmEvents.add(MAIN_RETURNED);
              }
            },
            "fake-scm-service-main");
    main.start();
    try {
      // This thread plays the dispatcher: controls arrive here, one at a time.
      for (Object event = scmEvents.take(); event != MAIN_RETURNED; event = scmEvents.take()) {
        controlReplies.add(handler.handle((Integer) event));
      }
      main.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  @Override
  public Handle registerControlHandler(String serviceName, ControlHandler handler) {
    calls.add("registerControlHandler(" + serviceName + ")");
    maybeFail("registerControlHandler");
    this.handler = handler;
    // Like the real one: a status handle is never closed.
    statusHandle = new FakeHandle("status " + serviceName, 0);
    return statusHandle;
  }

  @Override
  public void setStatus(Handle statusHandle, Status status) {
    if (statusHandle != this.statusHandle) {
      throw new AssertionError("status reported on " + statusHandle);
    }
    calls.add("setStatus(" + status.state() + ")");
    statuses.add(status);
    if (status.state() == Winsvc.SERVICE_RUNNING) {
      scmEvents.addAll(controlsWhenRunning);
    }
    maybeFail("setStatus");
  }
}
