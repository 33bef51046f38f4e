/**
 * RFC 9457 problem details: the one shape of every error answer, and the exception mappers that produce it.
 * It depends on no capability package; capabilities throw {@link io.bulwark.problem.ProblemException} or let
 * the mappers classify their failures.
 */
package io.bulwark.problem;
