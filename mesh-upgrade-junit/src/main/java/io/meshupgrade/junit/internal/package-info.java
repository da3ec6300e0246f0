/** Implementation of the extension; not API. */
package io.meshupgrade.junit.internal;
