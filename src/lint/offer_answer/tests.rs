//! Tests of the offer/answer rules on real pairs with one change each.
