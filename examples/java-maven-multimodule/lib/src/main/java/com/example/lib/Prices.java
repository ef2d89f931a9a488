package com.example.lib;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Formats prices in cents as euros. */
public final class Prices {
	private Prices() {}

	public static String euros(long cents) {
		return BigDecimal.valueOf(cents, 2).setScale(2, RoundingMode.UNNECESSARY) + " EUR";
	}
}
