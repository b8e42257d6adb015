odoo.define('gov_web_th.buddhist_era', function (require) {
"use strict";

/**
 * The Buddhist era (B.E. = C.E. + 543) for users whose language is Thai.
 *
 * Every date a Thai user reads in the web client goes through moment's `format` in the
 * user's locale ('th'): field values in forms and lists, the chatter, activities, the
 * date pickers' headers. The year tokens of those display formats are written in B.E.
 * Machine formats (ISO 'YYYY-MM-DD...', what is sent to the server) and moments in
 * another locale (values serialised with `.locale('en')`) keep the Common Era.
 *
 * What a Thai user types is read in B.E.: the year of the typed date is converted to
 * C.E. before the usual parsing, so 29/02/2567 is 29 February 2024, a leap day.
 * Values are stored as usual (C.E., UTC); users of other languages see no change.
 */

var CalendarController = require('web.CalendarController');
var CalendarRenderer = require('web.CalendarRenderer');
var core = require('web.core');
var datepicker = require('web.datepicker');
var field_utils = require('web.field_utils');
var time = require('web.time');

var OFFSET = 543;
var LOCALE = 'th';
// formats of values exchanged with the server or compared as keys: always C.E.
var MACHINE_FORMAT = /^YYYY(-|MM|$)/;
// moment's long date tokens (L, LL, LLL, LLLL, LT, LTS, l...), outside [escaped] text
var LONG_TOKENS = /(\[[^\[]*\])|(\\)?(LTS|LT|LL?L?L?|l{1,4})/g;
// year tokens, outside [escaped] text
var YEAR_TOKENS = /(\[[^\[]*\])|(YYYY|YY|Y)/g;
// the tokens of a date pattern that the user types as numbers
var NUMERIC_TOKEN = /^(Y+|M{1,2}|D{1,2}|H{1,2}|h{1,2}|k{1,2}|m{1,2}|s{1,2})$/;
// a year of the Common Era in the range a date picker shows (never a B.E. year)
var CE_YEAR = /\b(19|20|21|22)\d\d\b/g;

/**
 * @returns {boolean} true when the user's language counts years in the Buddhist era
 */
function isBuddhistEra() {
    return moment.locale() === LOCALE;
}

var momentFormat = moment.fn.format;

/**
 * @param {Moment} m
 * @param {string} format a moment format
 * @returns {string} `format` with its long date tokens expanded in m's locale
 */
function expandLongTokens(m, format) {
    var localeData = m.localeData();
    for (var i = 0; i < 5 && format.search(LONG_TOKENS) !== -1; i++) {
        var expanded = format.replace(LONG_TOKENS, function (match, escaped, backslash, token) {
            if (escaped || backslash) {
                return match;
            }
            return localeData.longDateFormat(token) || match;
        });
        if (expanded === format) {
            break;
        }
        format = expanded;
    }
    return format;
}

/**
 * @param {Moment} m
 * @param {string} format
 * @returns {string} m formatted with its year in the Buddhist era
 */
function formatBuddhistEra(m, format) {
    var year = String(m.year() + OFFSET);
    var beFormat = expandLongTokens(m, format).replace(YEAR_TOKENS, function (match, escaped, token) {
        if (escaped) {
            return match;
        }
        return '[' + (token === 'YY' ? year.slice(-2) : year) + ']';
    });
    return momentFormat.call(m, beFormat);
}

moment.fn.format = function (format) {
    if (typeof format === 'string' && format && !MACHINE_FORMAT.test(format) &&
            this.isValid() && this.locale() === LOCALE) {
        return formatBuddhistEra(this, format);
    }
    return momentFormat.apply(this, arguments);
};

/**
 * @param {string} value a date (or date and time) typed by a Thai user, year in B.E.
 * @param {string} pattern the moment pattern the value follows
 * @returns {string} the same text with the year in C.E.
 */
function toCommonEra(value, pattern) {
    var numeric = _.filter(pattern.match(/[A-Za-z]+/g) || [], function (token) {
        return NUMERIC_TOKEN.test(token);
    });
    var yearIndex = _.findIndex(numeric, function (token) {
        return token.charAt(0) === 'Y';
    });
    if (yearIndex === -1) {
        return value;
    }
    var index = -1;
    return value.replace(/\d+/g, function (digits) {
        index += 1;
        if (index === yearIndex && digits.length >= 3) {
            return String(Number(digits) - OFFSET);
        }
        return digits;
    });
}

/**
 * @param {function} parse field_utils' parser of dates or datetimes
 * @param {function} getPattern the user's pattern of that type
 * @returns {function} the parser reading a Thai user's years in B.E.
 */
function buddhistEraParser(parse, getPattern, error) {
    return function (value, field, options) {
        if (isBuddhistEra() && typeof value === 'string' && value &&
                !(options && options.isUTC) && !/^\d{4}-/.test(value.trim())) {
            try {
                return parse.call(this, toCommonEra(value, getPattern()), field, options);
            } catch (e) {
                // the message names what the user typed, not its C.E. reading
                throw new Error(_.str.sprintf(core._t(error), value));
            }
        }
        return parse.call(this, value, field, options);
    };
}

field_utils.parse.date = buddhistEraParser(field_utils.parse.date, function () {
    return time.getLangDateFormat();
}, "'%s' is not a correct date");
field_utils.parse.datetime = buddhistEraParser(field_utils.parse.datetime, function () {
    return time.getLangDatetimeFormat();
}, "'%s' is not a correct datetime");

/**
 * The years and decades views of the date pickers open at the moment show years as
 * numbers, not through `format`: write them in B.E. The spans of the years view are
 * read back by the picker when clicked, so they keep their C.E. text and show the
 * B.E. year through a stylesheet (data-be-year).
 */
function showBuddhistYears() {
    var $widgets = $('.bootstrap-datetimepicker-widget');
    $widgets.find('.datepicker-months .picker-switch, .datepicker-years .picker-switch, ' +
                  '.datepicker-decades .picker-switch, .datepicker-decades span.decade').each(function () {
        var beText = buddhistEraYears(this.textContent);
        if (beText !== this.textContent) {
            this.textContent = beText;
        }
    });
    $widgets.find('.datepicker-years span.year').each(function () {
        this.setAttribute('data-be-year', String(Number(this.textContent) + OFFSET));
    });
}

datepicker.DateWidget.include({
    /**
     * @override
     */
    init: function () {
        this._super.apply(this, arguments);
        if (isBuddhistEra()) {
            var self = this;
            // what the user types in the picker's input is read in B.E.; what cannot be read
            // (a C.E. year typed by mistake) is said so and the field keeps its value: the
            // picker would otherwise empty a field it was not given a date for
            this.options.parseInputDate = function (input) {
                if (moment.isMoment(input) || input instanceof Date) {
                    return moment(input);
                }
                try {
                    var parsed = self._parseClient(input);
                    if (parsed) {
                        return parsed;
                    }
                } catch (e) {
                    self.do_warn(core._t("Error"), e.message);
                }
                return self.getValue() || moment.invalid();
            };
        }
    },
    /**
     * @override
     */
    start: function () {
        var result = this._super.apply(this, arguments);
        if (isBuddhistEra()) {
            this.$input.on('dp.show dp.update', function () {
                _.defer(showBuddhistYears);
            });
        }
        return result;
    },
});

// navigating between the views of an open picker (the header, a month, a year) redraws them
$(document).on('click', '.bootstrap-datetimepicker-widget', function () {
    if (isBuddhistEra()) {
        _.defer(showBuddhistYears);
    }
});

/**
 * @param {string} text
 * @returns {string} the text with the C.E. years a calendar prints written in B.E.
 */
function buddhistEraYears(text) {
    return text.replace(CE_YEAR, function (year) {
        return String(Number(year) + OFFSET);
    });
}

/**
 * The calendar view: FullCalendar and the sidebar's jQuery UI calendar print years with
 * their own copy of moment's format or as numbers; their titles and headers are rewritten.
 */
CalendarController.include({
    /**
     * @override
     */
    _onViewUpdated: function (event) {
        if (isBuddhistEra() && typeof event.data.title === 'string') {
            event.data.title = buddhistEraYears(event.data.title);
        }
        return this._super.apply(this, arguments);
    },
});

CalendarRenderer.include({
    /**
     * @override
     */
    _render: function () {
        var self = this;
        var result = this._super.apply(this, arguments);
        if (isBuddhistEra()) {
            _.defer(function () {
                self.$('.fc-toolbar h2, .fc-day-header').each(function () {
                    var beText = buddhistEraYears(this.textContent);
                    if (beText !== this.textContent) {
                        $(this).text(beText);
                    }
                });
            });
        }
        return result;
    },
});

if ($.datepicker) {
    var updateDatepicker = $.datepicker._updateDatepicker;
    // the sidebar's month calendar, redrawn on each navigation
    $.datepicker._updateDatepicker = function (inst) {
        var result = updateDatepicker.apply(this, arguments);
        if (isBuddhistEra() && inst && inst.dpDiv) {
            inst.dpDiv.find('.ui-datepicker-year').each(function () {
                this.textContent = buddhistEraYears(this.textContent);
            });
        }
        return result;
    };
}

return {
    OFFSET: OFFSET,
    isBuddhistEra: isBuddhistEra,
    toCommonEra: toCommonEra,
};

});
