/*
 * The events console: searches, inspects and replays webhook events through Bulwark's admin API, as the admin
 * logged in to Admin Center (the browser sends its session cookie). Everything from the API reaches the page
 * as text (textContent), never as markup. Every request that changes something carries X-Requested-By, which
 * the API demands of cookie-authenticated requests and which a page of another site cannot send.
 */
(function () {
    'use strict';

    var API = '/api/webhooks';
    var JOB_POLL_MS = 1000;
    var FINISHED_JOB_STATES = ['DONE', 'FAILED', 'CANCELLED'];

    var search = {filters: {}, limit: 50, cursors: [null], page: 0};
    var openEventId = null;
    var watchedJob = {id: null, timer: null};

    function byId(id) {
        return document.getElementById(id);
    }

    /** A problem+json answer (or another failed answer) of the API, or a request that got no answer at all. */
    function ApiError(status, problem, fallback) {
        this.status = status;
        this.problem = problem;
        this.message = describeProblem(status, problem, fallback);
    }

    function describeProblem(status, problem, fallback) {
        if (status === 0) {
            return 'No answer from Bulwark: ' + fallback;
        }
        if (status === 401) {
            return 'Your session has ended (401). Log in to Admin Center again, then reopen the console.';
        }
        var title = problem && problem.title ? problem.title : fallback;
        var text = title + ' (' + status + ')';
        if (problem && problem.detail) {
            text += ': ' + problem.detail;
        }
        return text;
    }

    function api(method, path, body, headers) {
        var init = {method: method, credentials: 'same-origin', cache: 'no-store', headers: {'Accept': 'application/json'}};
        if (method !== 'GET') {
            init.headers['X-Requested-By'] = 'bulwark-console';
        }
        Object.keys(headers || {}).forEach(function (name) {
            init.headers[name] = headers[name];
        });
        if (body !== undefined) {
            init.headers['Content-Type'] = 'application/json';
            init.body = JSON.stringify(body);
        }
        return fetch(path, init).then(function (response) {
            var type = response.headers.get('Content-Type') || '';
            var read = type.indexOf('json') >= 0 ? response.json() : response.text().then(function () {
                return null;
            });
            return read.then(function (data) {
                if (!response.ok) {
                    throw new ApiError(response.status, data, response.statusText || 'Request failed');
                }
                return {status: response.status, data: data, headers: response.headers};
            });
        }, function (error) {
            throw new ApiError(0, null, error.message);
        });
    }

    /** Shows an ApiError's description, a message of the console's own, or anything else thrown. */
    function showError(error) {
        var alert = byId('alert');
        if (error instanceof ApiError || typeof error === 'string') {
            alert.textContent = error instanceof ApiError ? error.message : error;
        } else {
            alert.textContent = 'Unexpected error: ' + error;
        }
        alert.hidden = false;
    }

    function showStatus(text) {
        byId('status').textContent = text;
    }

    function clearMessages() {
        var alert = byId('alert');
        alert.textContent = '';
        alert.hidden = true;
        showStatus('');
    }

    function element(tag, text, className) {
        var node = document.createElement(tag);
        if (text !== undefined && text !== null) {
            node.textContent = String(text);
        }
        if (className) {
            node.className = className;
        }
        return node;
    }

    function timeElement(iso) {
        if (!iso) {
            return element('span', '—');
        }
        var node = element('time', new Date(iso).toLocaleString());
        node.dateTime = iso;
        node.title = iso;
        return node;
    }

    function cell(row, content) {
        var td = document.createElement('td');
        if (content instanceof Node) {
            td.appendChild(content);
        } else {
            td.textContent = content === undefined || content === null ? '—' : String(content);
        }
        row.appendChild(td);
        return td;
    }

    function statusBadge(status) {
        return element('span', status, 'badge status-' + String(status).toLowerCase());
    }

    function clear(node) {
        while (node.firstChild) {
            node.removeChild(node.firstChild);
        }
    }

    function replaceRows(tbody, rows) {
        clear(tbody);
        rows.forEach(function (row) {
            tbody.appendChild(row);
        });
    }

    /* ---------- search and paging ---------- */

    /** The filters as the API takes them: only those filled in, times as ISO-8601 instants. */
    function readFilters() {
        var form = byId('search');
        var filters = {};
        ['source', 'deliveryId', 'type', 'status'].forEach(function (name) {
            var value = form.elements[name].value.trim();
            if (value) {
                filters[name] = value;
            }
        });
        ['receivedFrom', 'receivedTo'].forEach(function (name) {
            var value = form.elements[name].value;
            if (value) {
                var instant = new Date(value);
                if (isNaN(instant.getTime())) {
                    throw new Error(form.elements[name].labels[0].textContent + ' is not a date and time');
                }
                filters[name] = instant.toISOString();
            }
        });
        return filters;
    }

    function query(filters, extra) {
        var parameters = new URLSearchParams();
        Object.keys(filters).forEach(function (name) {
            parameters.append(name, filters[name]);
        });
        Object.keys(extra).forEach(function (name) {
            if (extra[name] !== null && extra[name] !== undefined) {
                parameters.append(name, extra[name]);
            }
        });
        return parameters.toString();
    }

    function startSearch() {
        clearMessages();
        try {
            search.filters = readFilters();
        } catch (e) {
            showError(e.message);
            return;
        }
        search.limit = Number(byId('f-limit').value);
        search.cursors = [null];
        loadPage(0);
    }

    // A search may start while an earlier one is still under way (the list loaded on opening, a slow page): only
    // the latest one's answer is shown, whichever arrives last.
    var latestLoad = 0;

    function loadPage(page) {
        var cursor = search.cursors[page];
        var load = ++latestLoad;
        return api('GET', API + '?' + query(search.filters, {limit: search.limit, cursor: cursor}))
            .then(function (answer) {
                if (load !== latestLoad) {
                    return;
                }
                search.page = page;
                search.cursors.length = page + 1;
                if (answer.data.next) {
                    search.cursors.push(answer.data.next);
                }
                renderEvents(answer.data.items);
            })
            .catch(function (error) {
                if (load === latestLoad) {
                    showError(error);
                }
            });
    }

    function renderEvents(items) {
        var rows = items.map(function (event) {
            var row = document.createElement('tr');
            var open = element('button', event.deliveryId || event.webhookId, 'link');
            open.type = 'button';
            open.setAttribute('aria-label', 'Open event ' + (event.deliveryId || event.webhookId));
            open.addEventListener('click', function () {
                openEvent(event.webhookId);
            });
            if (event.webhookId === openEventId) {
                row.className = 'selected';
            }
            cell(row, open);
            cell(row, event.source);
            cell(row, event.type);
            cell(row, statusBadge(event.status));
            cell(row, event.attempts);
            cell(row, timeElement(event.receivedAt));
            cell(row, event.lastError).className = 'error-text';
            return row;
        });
        replaceRows(byId('results').tBodies[0], rows);
        var more = search.cursors.length > search.page + 1;
        byId('results-summary').textContent = items.length === 0
            ? 'No event matches the filters.'
            : items.length + (items.length === 1 ? ' event' : ' events') + ' on this page' + (more ? '; more on the next.' : '.');
        byId('page-number').textContent = 'Page ' + (search.page + 1);
        byId('first-page').disabled = search.page === 0;
        byId('previous-page').disabled = search.page === 0;
        byId('next-page').disabled = !more;
    }

    /* ---------- one event ---------- */

    function openEvent(id) {
        clearMessages();
        return api('GET', API + '/' + encodeURIComponent(id))
            .then(function (answer) {
                renderEvent(answer.data);
                byId('event').hidden = false;
                byId('event-heading').focus();
            })
            .catch(showError);
    }

    function addField(list, term, value) {
        list.appendChild(element('dt', term));
        var definition = document.createElement('dd');
        if (value instanceof Node) {
            definition.appendChild(value);
        } else {
            definition.textContent = value === undefined || value === null || value === '' ? '—' : String(value);
        }
        list.appendChild(definition);
    }

    function renderEvent(event) {
        openEventId = event.webhookId;
        byId('event-heading').textContent = 'Event ' + (event.deliveryId || event.webhookId);
        var fields = byId('event-fields');
        clear(fields);
        addField(fields, 'Webhook id', event.webhookId);
        addField(fields, 'Source', event.source);
        addField(fields, 'Ledger', event.ledger);
        addField(fields, 'Delivery id', event.deliveryId);
        addField(fields, 'Type', event.type);
        var status = statusBadge(event.status);
        status.id = 'event-status';
        addField(fields, 'Status', status);
        addField(fields, 'Attempts', event.attempts);
        addField(fields, 'Last error', event.lastError);
        addField(fields, 'Occurred', timeElement(event.occurredAt));
        addField(fields, 'Received', timeElement(event.receivedAt));
        addField(fields, 'Processed', timeElement(event.processedAt));

        var history = (event.history || []).map(function (entry) {
            var row = document.createElement('tr');
            cell(row, timeElement(entry.at));
            cell(row, entry.what);
            cell(row, entry.detail);
            return row;
        });
        replaceRows(byId('event-history').tBodies[0], history);
        byId('event-payload').textContent = event.payload === undefined || event.payload === null
            ? '(no payload)'
            : JSON.stringify(event.payload, null, 2);

        var failed = event.status === 'FAILED';
        byId('replay-event').disabled = !failed;
        byId('replay-hint').hidden = failed;
    }

    function replayOpenEvent() {
        var id = openEventId;
        clearMessages();
        byId('replay-event').disabled = true;
        return api('POST', API + '/' + encodeURIComponent(id) + '/replay')
            .then(function (answer) {
                var event = answer.data;
                showStatus('Replayed: the event is now ' + event.status + ' after ' + event.attempts
                    + (event.attempts === 1 ? ' attempt.' : ' attempts.'));
                return api('GET', API + '/' + encodeURIComponent(id)).then(function (reread) {
                    renderEvent(reread.data);
                    return loadPage(search.page);
                });
            })
            .catch(function (error) {
                showError(error);
                byId('replay-event').disabled = false;
            });
    }

    function closeEvent() {
        openEventId = null;
        byId('event').hidden = true;
        byId('results-heading').focus();
    }

    /* ---------- bulk replay ---------- */

    function startBulkReplay(submit) {
        submit.preventDefault();
        clearMessages();
        var filters;
        try {
            filters = readFilters();
        } catch (e) {
            showError(e.message);
            return;
        }
        var body = {
            source: filters.source || null,
            deliveryId: filters.deliveryId || null,
            type: filters.type || null,
            status: filters.status || null,
            receivedFrom: filters.receivedFrom || null,
            receivedTo: filters.receivedTo || null,
            includeIgnored: byId('bulk-ignored').checked
        };
        var described = Object.keys(filters).map(function (name) {
            return name + '=' + filters[name];
        }).join(', ') || 'no filter: every event';
        if (!window.confirm('Replay the ' + (body.includeIgnored ? 'FAILED and IGNORED' : 'FAILED')
            + ' events matching ' + described + '?')) {
            return;
        }
        var button = byId('bulk-start');
        button.disabled = true;
        api('POST', API + '/replay', body, {'Idempotency-Key': newKey()})
            .then(function (answer) {
                showStatus('Bulk replay started.');
                watchJob(answer.data);
                loadJobs();
            })
            .catch(showError)
            .then(function () {
                button.disabled = false;
            });
    }

    function newKey() {
        if (window.crypto && window.crypto.randomUUID) {
            return window.crypto.randomUUID();
        }
        return String(Date.now()) + '-' + Math.random().toString(16).slice(2);
    }

    function watchJob(job) {
        if (watchedJob.timer) {
            window.clearTimeout(watchedJob.timer);
            watchedJob.timer = null;
        }
        watchedJob.id = job.id;
        renderJob(job);
        if (FINISHED_JOB_STATES.indexOf(job.state) < 0) {
            watchedJob.timer = window.setTimeout(pollJob, JOB_POLL_MS);
        } else {
            loadJobs();
        }
    }

    function pollJob() {
        watchedJob.timer = null;
        api('GET', API + '/replay/' + encodeURIComponent(watchedJob.id))
            .then(function (answer) {
                watchJob(answer.data);
            })
            .catch(showError);
    }

    function renderJob(job) {
        byId('job').hidden = false;
        byId('job-heading').textContent = 'Job ' + job.id;
        var fields = byId('job-fields');
        clear(fields);
        var state = statusBadge(job.state);
        state.id = 'job-state';
        addField(fields, 'State', state);
        var filter = job.filter || {};
        var described = Object.keys(filter).filter(function (name) {
            return filter[name] !== null && filter[name] !== undefined && filter[name] !== '';
        }).map(function (name) {
            return name + '=' + filter[name];
        }).join(', ');
        addField(fields, 'Filter', described || 'none');
        addField(fields, 'IGNORED too', job.includeIgnored ? 'yes' : 'no');
        addField(fields, 'Created by', job.createdBy);
        addField(fields, 'Created', timeElement(job.createdAt));
        addField(fields, 'Started', timeElement(job.startedAt));
        addField(fields, 'Finished', timeElement(job.finishedAt));
        if (job.error) {
            addField(fields, 'Error', job.error);
        }
        var counts = job.counts || {};
        ['selected', 'replayed', 'processed', 'failed', 'ignored', 'skipped'].forEach(function (name) {
            addField(fields, name.charAt(0).toUpperCase() + name.slice(1), counts[name]);
        });
        byId('bulk-cancel').hidden = FINISHED_JOB_STATES.indexOf(job.state) >= 0;
    }

    function cancelWatchedJob() {
        clearMessages();
        api('DELETE', API + '/replay/' + encodeURIComponent(watchedJob.id))
            .then(function (answer) {
                if (answer.data) {
                    watchJob(answer.data);
                } else {
                    pollJob();
                }
                showStatus('Cancellation requested.');
            })
            .catch(showError);
    }

    function loadJobs() {
        return api('GET', API + '/replay?limit=20')
            .then(function (answer) {
                var rows = answer.data.items.map(function (job) {
                    var row = document.createElement('tr');
                    var watch = element('button', job.id.slice(0, 8), 'link');
                    watch.type = 'button';
                    watch.setAttribute('aria-label', 'Show job ' + job.id);
                    watch.addEventListener('click', function () {
                        clearMessages();
                        watchJob(job);
                    });
                    var counts = job.counts || {};
                    cell(row, watch);
                    cell(row, statusBadge(job.state));
                    cell(row, timeElement(job.createdAt));
                    cell(row, job.createdBy);
                    cell(row, counts.selected);
                    cell(row, counts.processed);
                    cell(row, counts.failed);
                    return row;
                });
                replaceRows(byId('jobs').tBodies[0], rows);
            })
            .catch(showError);
    }

    /* ---------- wiring ---------- */

    function start() {
        byId('search').addEventListener('submit', function (submit) {
            submit.preventDefault();
            startSearch();
        });
        byId('search').addEventListener('reset', function () {
            window.setTimeout(startSearch, 0);
        });
        byId('first-page').addEventListener('click', function () {
            loadPage(0);
        });
        byId('previous-page').addEventListener('click', function () {
            loadPage(Math.max(0, search.page - 1));
        });
        byId('next-page').addEventListener('click', function () {
            loadPage(search.page + 1);
        });
        byId('replay-event').addEventListener('click', replayOpenEvent);
        byId('close-event').addEventListener('click', closeEvent);
        byId('event').addEventListener('keydown', function (key) {
            if (key.key === 'Escape') {
                closeEvent();
            }
        });
        byId('bulk').addEventListener('submit', startBulkReplay);
        byId('bulk-cancel').addEventListener('click', cancelWatchedJob);
        byId('jobs-refresh').addEventListener('click', loadJobs);
        startSearch();
        loadJobs();
    }

    document.addEventListener('DOMContentLoaded', start);
}());
