package io.meshupgrade.k8s.internal;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1ListMeta;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/** Walks a paginated list (limit + continue), handing each item to a consumer and keeping none. */
public final class Pages {
  /** The default page size. */
  public static final int DEFAULT_LIMIT = 500;

  /** One page request: given the continue token (null first), returns the page. */
  @FunctionalInterface
  public interface PageCall<L> {
    L fetch(String continueToken) throws ApiException;
  }

  private Pages() {}

  /**
   * Fetches every page.
   *
   * @param items the items of a page
   * @param meta the list metadata of a page (for the continue token)
   * @return how many pages were fetched
   */
  public static <L, T> int forEach(KubeCalls calls, KubeCalls.Op op, PageCall<L> call, Function<L, List<T>> items,
      Function<L, V1ListMeta> meta, Consumer<T> consumer) {
    String token = null;
    int pages = 0;
    do {
      String current = token;
      L page = calls.execute(op, () -> call.fetch(current));
      pages++;
      List<T> list = items.apply(page);
      if (list != null) {
        list.forEach(consumer);
      }
      V1ListMeta m = meta.apply(page);
      token = m == null ? null : m.getContinue();
    } while (token != null && !token.isEmpty());
    return pages;
  }
}
