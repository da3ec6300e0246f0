/** What the upgrader hands back: the reports of an upgrade, a patch roll-over and a restart, and the preview of a plan. */
package io.meshupgrade.report;
