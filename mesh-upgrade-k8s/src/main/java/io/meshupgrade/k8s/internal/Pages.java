package io.meshupgrade.k8s.internal;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1ListMeta;
import io.meshupgrade.exception.RemoteCallException;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks a paginated list (limit + continue), handing each item to a consumer and keeping none. When the continue
 * token expires in the middle (410 Gone: the API server compacted the list's resourceVersion during a long walk), the
 * list starts again from the first page, at most {@link #MAX_RESTARTS} times, as client-go's pager does; the consumer
 * is told first so that it can forget what the abandoned walk handed it. Thread-safe (keeps no state).
 */
public final class Pages {
  private static final Logger LOG = LoggerFactory.getLogger(Pages.class);

  /** The default page size. */
  public static final int DEFAULT_LIMIT = 500;
  /** How many times one list starts again from its first page after its continue token expired. */
  public static final int MAX_RESTARTS = 3;

  /** One page request: given the continue token (null first), returns the page. */
  @FunctionalInterface
  public interface PageCall<L> {
    L fetch(String continueToken) throws ApiException;
  }

  private Pages() {}

  /**
   * Fetches every page, for a consumer that keeps the last item per object (a map keyed by name): items handed
   * before an expired continue token are handed again after the restart, and overwrite themselves.
   *
   * @see #forEach(KubeCalls, KubeCalls.Op, PageCall, Function, Function, Consumer, Runnable)
   */
  public static <L, T> int forEach(KubeCalls calls, KubeCalls.Op op, PageCall<L> call, Function<L, List<T>> items,
      Function<L, V1ListMeta> meta, Consumer<T> consumer) {
    return forEach(calls, op, call, items, meta, consumer, () -> { });
  }

  /**
   * Fetches every page.
   *
   * @param items the items of a page
   * @param meta the list metadata of a page (for the continue token)
   * @param restart called before the list starts again from its first page (its continue token expired): the
   *     consumer must forget every item it was handed so far
   * @return how many pages were fetched (restarted walks included)
   * @throws RemoteCallException (410) if the continue token still expires after {@link #MAX_RESTARTS} restarts
   */
  public static <L, T> int forEach(KubeCalls calls, KubeCalls.Op op, PageCall<L> call, Function<L, List<T>> items,
      Function<L, V1ListMeta> meta, Consumer<T> consumer, Runnable restart) {
    String token = null;
    int pages = 0;
    int restarts = 0;
    while (true) {
      String current = token;
      L page;
      try {
        page = calls.execute(op, () -> call.fetch(current));
      } catch (RemoteCallException e) {
        if (e.httpStatus() != 410 || current == null) {
          throw e;
        }
        if (restarts >= MAX_RESTARTS) {
          throw new RemoteCallException(410, e.code(), e.remoteMessage(), op.verb() + " " + op.object()
              + ": the continue token expired " + (restarts + 1) + " times in a row (HTTP 410), the list restarted "
              + restarts + " times from its first page; the cluster changes faster than the list can be read:"
              + " call again later, or use a larger page size", e);
        }
        restarts++;
        LOG.info("{} {}: continue token expired after {} pages (410); starting again from the first page ({} of {})",
            op.verb(), op.object(), pages, restarts, MAX_RESTARTS);
        restart.run();
        token = null;
        continue;
      }
      pages++;
      List<T> list = items.apply(page);
      if (list != null) {
        list.forEach(consumer);
      }
      V1ListMeta m = meta.apply(page);
      token = m == null ? null : m.getContinue();
      if (token == null || token.isEmpty()) {
        return pages;
      }
    }
  }
}
