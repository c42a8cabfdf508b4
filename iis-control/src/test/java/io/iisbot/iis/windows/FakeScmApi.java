package io.iisbot.iis.windows;

import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.Winsvc;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An SCM in memory that behaves like the real one where {@link JnaServiceControl} cares: handles
 * must be closed, EnumDependentServices needs a sizing call, missing services answer 1060. Records
 * every call so tests can check what was (not) sent.
 */
final class FakeScmApi implements ScmApi {

  /** One installed service. */
  static final class Service {
    final String name;
    int state = Winsvc.SERVICE_RUNNING;
    int controlsAccepted = Winsvc.SERVICE_ACCEPT_STOP;
    int pid;
    int checkpoint;
    int waitHint;
    final List<String> dependents = new ArrayList<>();
    final Map<String, List<String>> multiStrings = new HashMap<>();
    final Map<String, String> strings = new HashMap<>();
    String resolvedDisplayName;
    Integer controlError;
    Integer startError;
    Integer openError;

    /** Error of the sizing call instead of the usual answers. */
    Integer sizingError;

    /** The sizing call fails with ERROR_MORE_DATA but says 0 bytes are needed. */
    boolean sizingSaysZeroBytes;

    /** The second EnumDependentServices call fails with this. */
    Integer listingError;

    Service(String name) {
      this.name = name;
    }
  }

  private record FakeHandle(String service, int id) implements Handle {}

  private final Map<String, Service> services = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private final Set<FakeHandle> open = new LinkedHashSet<>();
  final List<String> calls = new ArrayList<>();
  private int handles;
  Integer managerError;

  /**
   * Windows lists indirect dependents too, leaves first ("reverse start order"); the fake can do
   * that or list direct dependents only, and the result must be the same.
   */
  boolean listsIndirectDependents;

  /** Reverses whatever EnumDependentServices would return, to show order is not relied on. */
  boolean reverseListing;

  Service add(String name, int state) {
    Service s = new Service(name);
    s.state = state;
    services.put(name, s);
    return s;
  }

  /** {@code dependent} depends on {@code on}. */
  void depends(String dependent, String on) {
    services.get(on).dependents.add(dependent);
  }

  Service service(String name) {
    return services.get(name);
  }

  int openHandles() {
    return open.size();
  }

  @Override
  public Handle openManager() {
    calls.add("openManager");
    if (managerError != null) {
      throw new Win32Failure(managerError);
    }
    FakeHandle h = new FakeHandle(null, ++handles);
    open.add(h);
    return h;
  }

  @Override
  public Handle openService(Handle manager, String name, int access) {
    requireOpen(manager);
    calls.add("open " + name + " " + access);
    Service s = services.get(name);
    if (s == null) {
      throw new Win32Failure(WinError.ERROR_SERVICE_DOES_NOT_EXIST);
    }
    if (s.openError != null) {
      throw new Win32Failure(s.openError);
    }
    FakeHandle h = new FakeHandle(s.name, ++handles);
    open.add(h);
    return h;
  }

  @Override
  public Status queryStatus(Handle service) {
    Service s = of(service);
    return new Status(s.state, s.controlsAccepted, s.pid, s.checkpoint, s.waitHint);
  }

  @Override
  public void start(Handle service) {
    Service s = of(service);
    calls.add("start " + s.name);
    if (s.startError != null) {
      throw new Win32Failure(s.startError);
    }
  }

  @Override
  public void control(Handle service, int control) {
    Service s = of(service);
    calls.add("control " + s.name + " " + control);
    if (s.controlError != null) {
      throw new Win32Failure(s.controlError);
    }
  }

  @Override
  public Dependents enumDependents(Handle service, int serviceState, int bufferBytes) {
    Service s = of(service);
    calls.add("enum " + s.name + " " + bufferBytes);
    if (bufferBytes == 0 && s.sizingError != null) {
      return new Dependents(false, s.sizingError, 0, List.of());
    }
    if (bufferBytes == 0 && s.sizingSaysZeroBytes) {
      return new Dependents(false, WinError.ERROR_MORE_DATA, 0, List.of());
    }
    List<String> names = new ArrayList<>();
    collect(s, serviceState, names);
    if (reverseListing) {
      Collections.reverse(names);
    }
    if (names.isEmpty()) {
      // The real call succeeds with an empty buffer when there is nothing to return.
      return new Dependents(true, 0, 0, List.of());
    }
    int needed = 100 * names.size();
    if (bufferBytes < needed) {
      return new Dependents(false, WinError.ERROR_MORE_DATA, needed, List.of());
    }
    if (s.listingError != null) {
      return new Dependents(false, s.listingError, needed, List.of());
    }
    return new Dependents(true, 0, needed, names);
  }

  private void collect(Service s, int serviceState, List<String> into) {
    for (String name : s.dependents) {
      Service d = services.get(name);
      if (d == null) {
        continue;
      }
      if (listsIndirectDependents) {
        collect(d, serviceState, into);
      }
      boolean active = d.state != Winsvc.SERVICE_STOPPED;
      if ((serviceState == Winsvc.SERVICE_STATE_ALL || active) && !into.contains(d.name)) {
        into.add(d.name);
      }
    }
  }

  @Override
  public String displayName(Handle manager, String name) {
    requireOpen(manager);
    calls.add("displayName " + name);
    Service s = services.get(name);
    if (s == null || s.resolvedDisplayName == null) {
      throw new Win32Failure(WinError.ERROR_SERVICE_DOES_NOT_EXIST);
    }
    return s.resolvedDisplayName;
  }

  @Override
  public Optional<List<String>> registryStrings(String name, String value) {
    return Optional.ofNullable(services.get(name).multiStrings.get(value));
  }

  @Override
  public Optional<String> registryString(String name, String value) {
    return Optional.ofNullable(services.get(name).strings.get(value));
  }

  @Override
  public void close(Handle handle) {
    if (!open.remove((FakeHandle) handle)) {
      throw new AssertionError("closed twice or never opened: " + handle);
    }
  }

  private Service of(Handle handle) {
    requireOpen(handle);
    String name = ((FakeHandle) handle).service();
    if (name == null) {
      throw new AssertionError("a service call on the manager handle");
    }
    return services.get(name);
  }

  private void requireOpen(Handle handle) {
    if (!open.contains((FakeHandle) handle)) {
      throw new AssertionError("handle used after close: " + handle);
    }
  }
}
