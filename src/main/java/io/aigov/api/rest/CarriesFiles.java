package io.aigov.api.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A request body type that carries whole files (a ruleset with its golden cases): read up to
 * {@code aigov.api.max-files-body-size}, as large as a multipart upload of the same files may be,
 * rather than the limit of an ordinary JSON request.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface CarriesFiles {
}
