package io.meshupgrade.internal;

import io.meshupgrade.model.DanglingInjection;
import io.meshupgrade.model.MeshNamespace;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RevisionTag;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.plan.UpgradePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Seed step 5, "Relabel the namespace so that any new pods get the Istio sidecar associated with the new revision"
 * ({@code kubectl label namespace default istio.io/rev=asm-1-19 --overwrite}), and the seed's note on revision
 * tags ("a mesh operator can simply change the tag to point to a new revision"): relabels every namespace labelled
 * with the old revision and moves every revision tag pointing at it, plus the options' tag (stage
 * {@link UpgradeStage#INJECTION_SWITCHED}). Skipped by a forced complete. Not API.
 */
final class SwitchInjectionStep implements Step {

  private final StepContext c;

  SwitchInjectionStep(StepContext c) {
    this.c = c;
  }

  @Override
  public Outcome perform(UpgradePlan plan, UpgradeStage next, Mode mode) {
    List<MeshNamespace> all = c.dp.meshNamespaces();
    List<String> injection = all.stream().filter(MeshNamespace::hasIstioInjectionLabel).map(MeshNamespace::name)
        .toList();
    c.report.istioInjection(injection);
    Map<String, String> d = new TreeMap<>();
    d.put("istioInjection", String.join(",", injection));
    if (c.forced()) {
      d.put("skipped", "forced");
      return new Proceed(d);
    }
    // every namespace labelled with the old revision and every tag pointing at it, whatever the mode; the options'
    // tag is one more that must point at the new revision (created when absent)
    List<String> names = new ArrayList<>(StepContext.namesLabelled(all, plan.from()));
    List<RevisionTag> allTags = c.dp.revisionTags();
    List<String> tags = new ArrayList<>(tagsToMove(allTags, plan.from(), c.options.revisionTag()));
    if (c.options.repointDanglingTags()) {
      // asked for: tags and namespaces pointing at a revision that is not installed move to the new revision too
      DanglingInjection dangling = DanglingInjection.find(c.cp().readMeshState().revisions(), allTags, all);
      names.addAll(dangling.namespacesLabelledWithMissingRevision());
      tags.addAll(dangling.tagNames());
      if (!dangling.isEmpty()) {
        d.put("repointed", String.join(",", dangling.tagNames()) + ";"
            + String.join(",", dangling.namespacesLabelledWithMissingRevision()));
      }
    }
    names = names.stream().distinct().sorted().toList();
    tags = tags.stream().distinct().sorted().toList();
    c.relabel(names, plan.to());
    List<String> tagNamespaces = new ArrayList<>();
    for (String tag : tags) {
      tagNamespaces.addAll(c.moveTag(tag, plan.to()).namespaces());
    }
    d.put("namespaces", String.join(",", names));
    d.put("tags", String.join(",", tags));
    d.put("tagNamespaces", String.join(",", tagNamespaces));
    c.options.revisionTag().ifPresent(t -> d.put("tag", t));
    return new Proceed(d);
  }

  /** The tags pointing at {@code from}, plus {@code optionTag}, ascending. */
  static List<String> tagsToMove(List<RevisionTag> all, Revision from, Optional<String> optionTag) {
    Set<String> tags = new TreeSet<>();
    all.stream().filter(t -> t.revision().equals(from)).map(RevisionTag::tag).forEach(tags::add);
    optionTag.ifPresent(tags::add);
    return List.copyOf(tags);
  }
}
