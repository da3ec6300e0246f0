package io.meshupgrade.testkit.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PatchesTest {
  private static JsonNode json(String s) {
    try {
      return Json.MAPPER.readTree(s.replace('\'', '"'));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @ParameterizedTest(name = "merge {0} + {1} = {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{'a':1,'b':2} | {'b':null} | {'a':1}",
        "{'a':{'x':1}} | {'a':{'y':2}} | {'a':{'x':1,'y':2}}",
        "{'a':[1,2]} | {'a':[3]} | {'a':[3]}",
        "{'a':1} | {'a':{'b':null}} | {'a':{}}",
        "{} | {'a':{'b':{'c':1}}} | {'a':{'b':{'c':1}}}"
      })
  void mergePatchFollowsRfc7386(String target, String patch, String expected) {
    assertThat(Patches.mergePatch(json(target), json(patch))).isEqualTo(json(expected));
  }

  @ParameterizedTest(name = "json patch {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{'a':{'b':1}} | [{'op':'add','path':'/a/c','value':2}] | {'a':{'b':1,'c':2}}",
        "{'a':[1,2]} | [{'op':'add','path':'/a/-','value':3}] | {'a':[1,2,3]}",
        "{'a':[1,2]} | [{'op':'add','path':'/a/0','value':0}] | {'a':[0,1,2]}",
        "{'a':[1,2]} | [{'op':'remove','path':'/a/0'}] | {'a':[2]}",
        "{'a':1} | [{'op':'replace','path':'/a','value':5}] | {'a':5}",
        "{'a':1} | [{'op':'move','from':'/a','path':'/b'}] | {'b':1}",
        "{'a':{'x':1}} | [{'op':'copy','from':'/a','path':'/b'}] | {'a':{'x':1},'b':{'x':1}}",
        "{'a':1} | [{'op':'test','path':'/a','value':1},{'op':'add','path':'/t','value':true}] | {'a':1,'t':true}",
        "{'m':{'a/b':1}} | [{'op':'remove','path':'/m/a~1b'}] | {'m':{}}"
      })
  void jsonPatchFollowsRfc6902(String target, String patch, String expected) {
    assertThat(Patches.jsonPatch(json(target), json(patch))).isEqualTo(json(expected));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{'a':1} | [{'op':'remove','path':'/b'}]",
        "{'a':1} | [{'op':'replace','path':'/b','value':1}]",
        "{'a':1} | [{'op':'test','path':'/a','value':2}]",
        "{'a':1} | [{'op':'frobnicate','path':'/a'}]",
        "{'a':1} | [{'op':'add','path':'/x/y','value':1}]",
        "{'a':1} | {'op':'add'}"
      })
  void jsonPatchRejectsOperationsThatDoNotApply(String target, String patch) {
    assertThatThrownBy(() -> Patches.jsonPatch(json(target), json(patch)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void strategicMergeMergesContainersByNameAndKeepsOthers() {
    JsonNode target =
        json("{'spec':{'containers':[{'name':'app','image':'a:1'},{'name':'side','image':'s:1'}]}}");
    JsonNode patch = json("{'spec':{'containers':[{'name':'app','image':'a:2'},{'name':'new','image':'n:1'}]}}");

    assertThat(Patches.strategicMergePatch(target, patch))
        .isEqualTo(
            json(
                "{'spec':{'containers':[{'name':'app','image':'a:2'},{'name':'side','image':'s:1'},"
                    + "{'name':'new','image':'n:1'}]}}"));
  }

  @Test
  void strategicMergeHonoursDeleteAndReplaceDirectives() {
    JsonNode target = json("{'spec':{'containers':[{'name':'app'},{'name':'side'}],'m':{'a':1,'b':2}}}");
    JsonNode patch =
        json("{'spec':{'containers':[{'name':'side','$patch':'delete'}],'m':{'$patch':'replace','c':3}}}");

    assertThat(Patches.strategicMergePatch(target, patch))
        .isEqualTo(json("{'spec':{'containers':[{'name':'app'}],'m':{'c':3}}}"));
  }

  @Test
  void strategicMergeReplacesListsWithoutAMergeKeyAndDeletesNulls() {
    JsonNode target = json("{'args':['a','b'],'metadata':{'labels':{'x':'1','y':'2'}}}");
    JsonNode patch = json("{'args':['c'],'metadata':{'labels':{'x':null,'z':'3'}}}");

    assertThat(Patches.strategicMergePatch(target, patch))
        .isEqualTo(json("{'args':['c'],'metadata':{'labels':{'y':'2','z':'3'}}}"));
  }
}
