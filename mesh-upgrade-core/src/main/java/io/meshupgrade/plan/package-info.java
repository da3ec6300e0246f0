/** The upgrade plan, its state machine and checkpoint, and the rules and paths deciding which revision may be upgraded to which. */
package io.meshupgrade.plan;
