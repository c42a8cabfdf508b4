package io.iisbot.iis.engine;

import io.iisbot.iis.AppPool;
import io.iisbot.iis.EventRecord;
import io.iisbot.iis.IisException;
import io.iisbot.iis.IisHost;
import io.iisbot.iis.RequestReading;
import io.iisbot.iis.ServiceInfo;
import io.iisbot.iis.Site;
import io.iisbot.iis.WorkerProcess;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Passes every call to a real host, records the state-changing ones ("stopService W3SVC"), and can
 * make the next calls of one kind fail with a given code first.
 */
class RecordingHost implements IisHost {

  private final IisHost delegate;
  final List<String> calls = new ArrayList<>();
  private String failCall;
  private int failCode;
  private final AtomicInteger failuresLeft = new AtomicInteger();

  RecordingHost(IisHost delegate) {
    this.delegate = delegate;
  }

  /**
   * The next {@code times} calls named {@code call} ("stopService W3SVC") fail with {@code code}.
   */
  RecordingHost failing(String call, int code, int times) {
    this.failCall = call;
    this.failCode = code;
    this.failuresLeft.set(times);
    return this;
  }

  List<String> calls(String prefix) {
    return calls.stream().filter(c -> c.startsWith(prefix)).toList();
  }

  private void record(String call) {
    calls.add(call);
    if (call.equals(failCall) && failuresLeft.getAndDecrement() > 0) {
      throw new IisException(call, "test", failCode, "injected by the test");
    }
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public List<ServiceInfo> services() {
    return delegate.services();
  }

  @Override
  public List<AppPool> pools() {
    return delegate.pools();
  }

  @Override
  public List<Site> sites() {
    return delegate.sites();
  }

  @Override
  public List<WorkerProcess> workers() {
    return delegate.workers();
  }

  @Override
  public RequestReading requests() {
    return delegate.requests();
  }

  @Override
  public List<EventRecord> events(Instant since, Instant until) {
    return delegate.events(since, until);
  }

  @Override
  public void startService(String name) {
    record("startService " + name);
    delegate.startService(name);
  }

  @Override
  public void stopService(String name) {
    record("stopService " + name);
    delegate.stopService(name);
  }

  @Override
  public void startPool(String name) {
    record("startPool " + name);
    delegate.startPool(name);
  }

  @Override
  public void stopPool(String name) {
    record("stopPool " + name);
    delegate.stopPool(name);
  }

  @Override
  public void recyclePool(String name) {
    record("recyclePool " + name);
    delegate.recyclePool(name);
  }

  @Override
  public void startSite(String name) {
    record("startSite " + name);
    delegate.startSite(name);
  }

  @Override
  public void stopSite(String name) {
    record("stopSite " + name);
    delegate.stopSite(name);
  }

  @Override
  public void setPoolAutoStart(String name, boolean autoStart) {
    record("setPoolAutoStart " + name + " " + autoStart);
    delegate.setPoolAutoStart(name, autoStart);
  }

  @Override
  public void setSiteAutoStart(String name, boolean serverAutoStart) {
    record("setSiteAutoStart " + name + " " + serverAutoStart);
    delegate.setSiteAutoStart(name, serverAutoStart);
  }

  @Override
  public void killWorker(int pid) {
    record("killWorker " + pid);
    delegate.killWorker(pid);
  }
}
