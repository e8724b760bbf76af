/**
 * {@code isthmus lab ...}: the lab of {@code isthmus-lab} from the command line ({@code up}, {@code attach},
 * {@code detach}, {@code status}, {@code down}), and what {@code isthmus node exec} shares with it: the lab directory
 * option and the error handling of lab commands.
 */
package io.isthmus.cli.lab;
