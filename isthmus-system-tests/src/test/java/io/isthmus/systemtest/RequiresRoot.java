package io.isthmus.systemtest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class or method that needs root on Linux (namespaces, TUN/TAP, {@code ip}). Elsewhere the test is
 * aborted (reported as skipped) with a message that says why, unless the system property
 * {@value RootOnLinuxExtension#REQUIRED_PROPERTY} or the environment variable
 * {@value RootOnLinuxExtension#REQUIRED_ENVIRONMENT} is {@code true}: then it fails, so that a CI job meant to run
 * the system tests cannot skip them silently.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(RootOnLinuxExtension.class)
public @interface RequiresRoot {
}
