/** The people in the Gmail and Outlook fixture pages (tests/fixtures/sites/{gmail,outlook}): prospects, then the rep and a colleague. */
export const DANA = 'dana.whitfield@northwind-logistics.com';
export const MARCUS = 'marcus.oyelaran@northwind-logistics.com';
export const PRIYA = 'priya.raman@helixbio.io';
export const TOM = 'tom.berg@fjordbakery.no';
export const SAM = 'sam.rep@cuecard-customer.com';
export const ALEX = 'alex.kim@cuecard-customer.com';
