#!/usr/bin/env node
// `npm start`: the app as a Probot server. Probot reads APP_ID, PRIVATE_KEY
// (or PRIVATE_KEY_PATH), WEBHOOK_SECRET, PORT and LOG_LEVEL from the
// environment (or a .env file) and verifies every webhook's signature.
import { run } from 'probot';
import { kvmsimApp } from './app.js';

await run(kvmsimApp());
