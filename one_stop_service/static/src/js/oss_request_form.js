odoo.define('one_stop_service.request_form', function (require) {
"use strict";

/**
 * The counter's request form (js_class="oss_request_form").
 *
 * A request is typed at the counter and submitted once: it has no reason to be saved as a
 * draft first. On a request not saved yet:
 *
 * - "All documents received" ticks the checklist in the form, as the clerk would tick each
 *   line, instead of saving a draft to tick them on the server (one more creation, a call and
 *   two reads of the record back);
 * - "Submit" and "Submit and print receipt" save and submit the request in one call,
 *   oss.request's create_and_submit (the values the form would save, through every module's
 *   create, then the submission, in one transaction), then read it back once and show it
 *   read-only, as Save does. The web client would otherwise create it, read it, call the
 *   button and read it again. A submission the server refuses leaves no draft behind, and
 *   the form keeps what was typed.
 *
 * A request already saved (a draft from an e-mail, LINE or the web form) goes through the
 * buttons as usual.
 */

var BasicModel = require('web.BasicModel');
var FormController = require('web.FormController');
var FormView = require('web.FormView');
var viewRegistry = require('web.view_registry');

var MODEL = 'oss.request';
// submit button -> the button called once the request is created and submitted (or none)
var SUBMIT_BUTTONS = {action_submit: null, action_submit_and_print: 'action_print_receipt'};

var RequestFormModel = BasicModel.extend({
    /**
     * The creation of the form's request becomes its creation and submission while the
     * controller saves it for a submit button.
     *
     * @override
     */
    _rpc: function (params) {
        var args = _.toArray(arguments);
        if (this.ossSubmitOnCreate && params.model === MODEL && params.method === 'create') {
            args[0] = _.extend({}, params, {method: 'create_and_submit'});
        }
        return this._super.apply(this, args);
    },
});

var RequestFormController = FormController.extend({
    /**
     * @override
     */
    _onButtonClicked: function (event) {
        var attrs = event.data.attrs;
        var record = event.data.record;
        var local = !attrs.confirm && !attrs.special && this.model.isNew(record.id);
        if (local && _.has(SUBMIT_BUTTONS, attrs.name)) {
            event.stopPropagation();
            return this._ossSaveAndSubmit(attrs, SUBMIT_BUTTONS[attrs.name]);
        }
        if (local && attrs.name === 'action_receive_all_documents' && this._ossTickAllDocuments(record)) {
            event.stopPropagation();
            return;
        }
        return this._super.apply(this, arguments);
    },

    //--------------------------------------------------------------------------
    // Private
    //--------------------------------------------------------------------------

    /**
     * Create and submit the new request in one call, then call ``then`` (a button of the
     * submitted request), if any.
     *
     * @private
     * @param {Object} attrs the attributes of the submit button
     * @param {string|null} then
     * @returns {Deferred}
     */
    _ossSaveAndSubmit: function (attrs, then) {
        var self = this;
        this._disableButtons();
        this.model.ossSubmitOnCreate = true;
        // the flag holds until the save and the button after it are done: neither creates another request
        var def = this.saveRecord(this.handle).then(function () {  // as Save does: then read-only
            if (then) {
                return self._callButtonAction(_.extend({}, attrs, {name: then}), self.model.get(self.handle));
            }
        });
        def.always(function () {
            self.model.ossSubmitOnCreate = false;
            self._enableButtons();
        });
        return def;
    },
    /**
     * Tick every line of the checklist in the form; false when the checklist is not all on
     * the form's page (the server then ticks them).
     *
     * @private
     * @param {Object} record the form's record
     * @returns {boolean}
     */
    _ossTickAllDocuments: function (record) {
        var list = record.data.document_ids;
        if (!list || list.count > list.data.length) {
            return false;
        }
        var self = this;
        var lines = _.filter(list.data, function (line) { return !line.data.received; });
        this._disableButtons();
        var def = $.when();
        _.each(lines, function (line, index) {
            var last = index === lines.length - 1;
            def = def.then(function () {
                // the form's onchange and its rendering once, after the last line
                return self._applyChanges(record.id, {
                    document_ids: {operation: 'UPDATE', id: line.id, data: {received: true}},
                }, {name: 'oss_receive_all_documents', target: self, data: {notifyChange: last}});
            });
        });
        def.always(this._enableButtons.bind(this));
        return true;
    },
});

var RequestFormView = FormView.extend({
    config: _.extend({}, FormView.prototype.config, {
        Controller: RequestFormController,
        Model: RequestFormModel,
    }),
});

viewRegistry.add('oss_request_form', RequestFormView);

return {
    RequestFormController: RequestFormController,
    RequestFormModel: RequestFormModel,
    RequestFormView: RequestFormView,
};

});
